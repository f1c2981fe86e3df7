using System.Text.Json.Serialization;

namespace Serverless.Api.Wire;

/// <summary>
/// A backup in Trove's view (trove-api.md §8). <c>description</c>, <c>locationRef</c>, <c>size</c> and
/// <c>parent_id</c> are always sent, null when unset, as Trove does; <c>size</c> is in GB. <c>operation_id</c> is
/// ours, as on instances: the operation that takes the backup, pollable at <c>/operations/{id}</c>; so is
/// <c>progress</c>, the percent of rows dumped (100 once COMPLETED), and the chain fields <c>kind</c>, <c>chain_id</c>,
/// <c>covered_from</c> and <c>covered_to</c> (the window a point-in-time restore through the backup can reach), which
/// the real clients ignore in lists and print as extra rows in show.
/// </summary>
internal sealed record BackupWire(
    string Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    [property: JsonPropertyName("locationRef"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LocationRef,
    string InstanceId,
    string Created,
    string Updated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Size,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ParentId,
    string ProjectId,
    BackupDatastoreWire Datastore,
    string? OperationId,
    int Progress)
{
    /// <summary>Ours: <c>full</c> or <c>incremental</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>Ours: the full backup the backup's chain starts with.</summary>
    public string? ChainId { get; init; }

    /// <summary>Ours: the earliest moment a point-in-time restore through this backup reaches (null until COMPLETED).</summary>
    public string? CoveredFrom { get; init; }

    /// <summary>Ours: the moment a restore from this backup reproduces (null until COMPLETED).</summary>
    public string? CoveredTo { get; init; }
}

/// <summary>The clients split this into three printed fields and need all of them whenever it is sent.</summary>
internal sealed record BackupDatastoreWire(string Type, string Version, string VersionId);

internal sealed record BackupEnvelope(BackupWire Backup);

internal sealed record BackupListEnvelope(IReadOnlyList<BackupWire> Backups, IReadOnlyList<Link>? Links);
