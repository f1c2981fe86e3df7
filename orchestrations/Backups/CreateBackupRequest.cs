using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Backups;

/// <summary>What a client asks for when it creates a backup (Trove <c>POST /backups</c>).</summary>
/// <param name="Name">The backup name: 1-255 printable characters.</param>
/// <param name="InstanceId">The instance to back up; it must be <c>ACTIVE</c>.</param>
/// <param name="Description">A free-text description, at most 512 characters; null for none.</param>
/// <param name="Incremental">
/// Whether to back up only the changes (the binlog) since the instance's latest COMPLETED backup; a full backup when
/// the instance has none, as Trove does.
/// </param>
/// <param name="ParentId">
/// The backup an incremental backup builds on (its id, or a name unique in the project); wins over
/// <paramref name="Incremental"/>. It must be a COMPLETED backup of the same instance.
/// </param>
public sealed record CreateBackupRequest(string Name, string InstanceId, string? Description, bool Incremental, string? ParentId)
{
    /// <summary>
    /// Gets the id to give the backup; a fresh GUID when null. A scheduled run derives it from the schedule and the
    /// run time, so that a run started twice (two timers, or a retry after a crash) creates one backup: when a backup
    /// with this id exists already, the create returns it and starts nothing.
    /// </summary>
    public string? BackupId { get; init; }
}
