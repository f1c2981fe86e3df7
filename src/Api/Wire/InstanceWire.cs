namespace Serverless.Api.Wire;

/// <summary>
/// An instance in Trove's detail view (trove-api.md §7). Lists send the same complete object so that the clients
/// never fetch items one by one. <c>port</c> and <c>operation_id</c> are ours; the clients print them as is.
/// </summary>
internal sealed record InstanceWire(
    string Id,
    string Name,
    string Status,
    string OperatingStatus,
    IReadOnlyList<Link> Links,
    InstanceFlavorWire Flavor,
    InstanceDatastoreWire Datastore,
    InstanceVolumeWire Volume,
    string Region,
    InstanceAccessWire Access,
    IReadOnlyList<string>? Ip,
    IReadOnlyList<InstanceAddressWire>? Addresses,
    string? Hostname,
    int? Port,
    string Created,
    string Updated,
    string ServiceStatusUpdated,
    InstanceFaultWire? Fault,
    string? OperationId)
{
    /// <summary>The configuration group attached; absent for none.</summary>
    public InstanceConfigurationRefWire? Configuration { get; init; }

    /// <summary>The source of a replica (Trove <c>replica_of</c>: the clients read its <c>id</c>); omitted otherwise.</summary>
    public ReplicaReferenceWire? ReplicaOf { get; init; }

    /// <summary>The replicas of a source (Trove <c>replicas</c>: every item needs <c>id</c>); omitted when there are none.</summary>
    public IReadOnlyList<ReplicaReferenceWire>? Replicas { get; init; }

    /// <summary>Our replication health of a source or replica; omitted for a standalone instance.</summary>
    public ReplicationWire? Replication { get; init; }
}

internal sealed record InstanceFlavorWire(string Id, IReadOnlyList<Link> Links);

internal sealed record InstanceDatastoreWire(string Type, string Version);

internal sealed record InstanceVolumeWire(int Size, double? Used);

internal sealed record InstanceAccessWire(bool IsPublic, IReadOnlyList<string> AllowedCidrs);

internal sealed record InstanceAddressWire(string Address, string Type, string Network);

internal sealed record InstanceFaultWire(string Message, string Created, string? Details);

internal sealed record InstanceEnvelope(InstanceWire Instance);

internal sealed record InstanceListEnvelope(IReadOnlyList<InstanceWire> Instances, IReadOnlyList<Link>? Links);
