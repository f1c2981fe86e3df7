using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Input of <c>CreateInstance</c>: everything the steps need, secrets only by id. <c>BackupId</c> names the backup a
/// restore loads before the databases and users are set up; null for an empty instance.
/// </summary>
internal sealed record CreateInstanceInput(
    string ProjectId,
    string InstanceId,
    string OperationId,
    ServerSpec Spec,
    IReadOnlyList<string> Databases,
    IReadOnlyList<UserReference> Users,
    string? BackupId = null)
{
    /// <summary>The configuration group the new server starts with; null for none.</summary>
    public string? ConfigurationId { get; init; }

    /// <summary>The incremental backups a restore applies after the full backup <c>BackupId</c>, oldest first.</summary>
    public IReadOnlyList<string> RestoreSegments { get; init; } = [];

    /// <summary>Point-in-time restore: the moment to stop at.</summary>
    public DateTimeOffset? RestoreTime { get; init; }

    /// <summary>Point-in-time restore: the GTID to stop after.</summary>
    public string? RestoreGtid { get; init; }
}

/// <summary>Input of <c>RestartInstance</c> and <c>DeleteInstance</c>.</summary>
internal sealed record InstanceOperationInput(string ProjectId, string InstanceId, string OperationId, IReadOnlyList<string> SecretIds);

/// <summary>Input of <see cref="ConfigureServerActivity"/>.</summary>
internal sealed record ConfigureServerInput(string ServerId, IReadOnlyList<string> Databases, IReadOnlyList<UserReference> Users);

/// <summary>Output of <see cref="ReadServerStatusActivity"/>.</summary>
internal sealed record ServerSummary(string Host, int Port, double VolumeUsedGigabytes);

/// <summary>
/// Input of <c>ResizeInstance</c>: the new flavor (its id for the catalog, its spec for the platform) or the new volume size;
/// the other is null.
/// </summary>
internal sealed record ResizeInstanceInput(string ProjectId, string InstanceId, string OperationId, FlavorSpec? Flavor, string? FlavorId, int? VolumeSizeGigabytes);


