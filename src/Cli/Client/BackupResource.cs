using System.Text.Json.Serialization;

namespace Serverless.Cli.Client;

/// <summary>
/// A Trove backup (trove-api.md §8). <c>size</c> is in GB and null until the backup is done; <c>locationRef</c> keeps
/// Trove's camel case on the wire. <c>operation_id</c> is our service's extension: the operation that takes the
/// backup, with its step and progress. Unknown fields are ignored so that a newer service does not break an older CLI.
/// </summary>
internal sealed record BackupResource(
    string Id,
    string Name,
    string? Description,
    [property: JsonPropertyName("locationRef")] string? LocationRef,
    string? InstanceId,
    string? Created,
    string? Updated,
    double? Size,
    string Status,
    string? ParentId,
    string? ProjectId,
    BackupDatastoreReference? Datastore,
    string? OperationId)
{
    /// <summary>Ours: <c>full</c> or <c>incremental</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>Ours: the full backup the chain starts with.</summary>
    public string? ChainId { get; init; }

    /// <summary>Ours: the earliest moment a point-in-time restore through the backup reaches.</summary>
    public string? CoveredFrom { get; init; }

    /// <summary>Ours: the moment a restore from the backup reproduces.</summary>
    public string? CoveredTo { get; init; }
}

internal sealed record BackupDatastoreReference(string Type, string Version, string? VersionId);

internal sealed record BackupEnvelope(BackupResource Backup);

internal sealed record BackupListEnvelope(IReadOnlyList<BackupResource> Backups, IReadOnlyList<LinkReference>? Links);
