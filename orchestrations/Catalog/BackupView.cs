namespace Serverless.Orchestrations.Catalog;

/// <summary>A backup as clients see it.</summary>
/// <param name="Id">The backup id (a GUID); also the id of its artifact set.</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="Name">The backup name.</param>
/// <param name="Description">The description given at creation; null for none.</param>
/// <param name="InstanceId">The instance the backup was taken of (which may since have been deleted).</param>
/// <param name="ParentId">The backup an incremental backup builds on; null for a full backup.</param>
/// <param name="Status">One of <see cref="BackupStatus"/>: NEW, BUILDING, COMPLETED, FAILED, DELETE_FAILED.</param>
/// <param name="Datastore">The instance's datastore name, for example <c>mysql</c>.</param>
/// <param name="DatastoreVersion">The instance's datastore version name, for example <c>10.11</c>.</param>
/// <param name="SizeGigabytes">Stored size (compressed) in GB of 2^30 bytes; null until COMPLETED.</param>
/// <param name="DataBytes">Space the data took on the instance: what a restore needs on its volume; null until COMPLETED.</param>
/// <param name="Rows">Rows in all tables of the backup; null until COMPLETED.</param>
/// <param name="ProgressPercent">0-100: the share of rows dumped while BUILDING; 100 once COMPLETED.</param>
/// <param name="LocationRef">Where the artifacts are, <c>{container}/{backupId}</c>; null until COMPLETED.</param>
/// <param name="Fault">Why the backup failed, or its delete; null otherwise. Never holds a secret.</param>
/// <param name="OperationId">The operation that creates the backup, pollable with <c>InstanceService.GetOperationAsync</c>.</param>
/// <param name="Created">When the backup was accepted.</param>
/// <param name="Updated">When the backup last changed.</param>
public sealed record BackupView(
    string Id,
    string ProjectId,
    string Name,
    string? Description,
    string InstanceId,
    string? ParentId,
    string Status,
    string Datastore,
    string DatastoreVersion,
    double? SizeGigabytes,
    long? DataBytes,
    long? Rows,
    int ProgressPercent,
    string? LocationRef,
    string? Fault,
    string? OperationId,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    /// <summary>
    /// <see cref="BackupKind.Full"/> (a snapshot) or <see cref="BackupKind.Incremental"/> (a binlog segment on top of
    /// <see cref="ParentId"/>).
    /// </summary>
    public string Kind { get; init; } = BackupKind.Full;

    /// <summary>The full backup the chain of this backup starts with (its own id for a full backup); null for records written before chains.</summary>
    public string? ChainId { get; init; }

    /// <summary>
    /// The earliest moment a point-in-time restore through this backup reaches: the time of its chain's full snapshot.
    /// Null until COMPLETED.
    /// </summary>
    public DateTimeOffset? CoveredFrom { get; init; }

    /// <summary>
    /// The latest moment a restore from this backup reproduces: a full backup's snapshot time, an incremental one's
    /// capture time. Null until COMPLETED.
    /// </summary>
    public DateTimeOffset? CoveredTo { get; init; }
}
