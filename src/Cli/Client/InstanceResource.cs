namespace Serverless.Cli.Client;

/// <summary>
/// The fields of a Trove instance (trove-api.md §7) that the CLI shows; <c>port</c> and <c>operation_id</c> are
/// our service's extensions. Unknown fields are ignored so that a newer service does not break an older CLI.
/// </summary>
internal sealed record InstanceResource(
    string Id,
    string Name,
    string Status,
    string? OperatingStatus,
    InstanceFlavorReference? Flavor,
    InstanceDatastoreReference? Datastore,
    InstanceVolumeReference? Volume,
    IReadOnlyList<string>? Ip,
    string? Hostname,
    int? Port,
    string? Created,
    string? Updated,
    InstanceFaultReference? Fault,
    string? OperationId)
{
    /// <summary>Who may connect (recorded; enforced on Azure only).</summary>
    public InstanceAccessReference? Access { get; init; }

    /// <summary>The source of a replica; null otherwise.</summary>
    public InstanceMemberReference? ReplicaOf { get; init; }

    /// <summary>The replicas of a source; null when there are none.</summary>
    public IReadOnlyList<InstanceMemberReference>? Replicas { get; init; }

    /// <summary>The replication role and health read at show time; null for a standalone instance.</summary>
    public InstanceReplicationReference? Replication { get; init; }
}

internal sealed record InstanceAccessReference(bool IsPublic, IReadOnlyList<string>? AllowedCidrs);

internal sealed record InstanceMemberReference(string Id, string? Name);

internal sealed record InstanceReplicationReference(
    string Role, string State, long? SecondsBehind, string? IoThread, string? SqlThread, string? LastError, string? AppliedGtid, bool? ReadOnly);

internal sealed record InstanceFlavorReference(string Id);

internal sealed record InstanceDatastoreReference(string Type, string Version);

internal sealed record InstanceVolumeReference(int Size, double? Used);

internal sealed record InstanceFaultReference(string Message, string? Created);

internal sealed record InstanceEnvelope(InstanceResource Instance);

internal sealed record InstanceListEnvelope(IReadOnlyList<InstanceResource> Instances, IReadOnlyList<LinkReference>? Links);

internal sealed record LinkReference(string Href, string Rel);
