using Serverless.DataPlane.Replication;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>Input of <c>CreateReplica</c>: the new replica's server (read-only) and the source it copies.</summary>
internal sealed record CreateReplicaInput(string ProjectId, string InstanceId, string OperationId, string SourceId, ServerSpec Spec)
{
    /// <summary>The platform makes the replica itself (<see cref="IDatabasePlatform.CreatesReplicasNatively"/>, Azure): no seed, no <c>CHANGE MASTER</c>.</summary>
    public bool NativeReplicas { get; init; }

    /// <summary>
    /// How long the platform's create may take; null for the kind's bound (<see cref="Platform.PlatformOperationDeadlines"/>,
    /// six hours for a native replica, which spreads the polls about 100 s apart). A shorter bound polls as often as the
    /// platform asks.
    /// </summary>
    public TimeSpan? PlatformDeadline { get; init; }

    /// <summary>Gets the configuration group the replica inherits from its source; null when the source has none.</summary>
    public string? ConfigurationId { get; init; }
}

/// <summary>A replica and its source, the input of the steps that connect the two.</summary>
internal sealed record ReplicaLink(string ReplicaId, string SourceId);

/// <summary>Input of <see cref="SeedReplicaActivity"/>: the operation records its finished seed, so a re-run or a late duplicate finds it.</summary>
internal sealed record SeedReplicaInput(string ProjectId, string OperationId, string ReplicaId, string SourceId)
{
    /// <summary>The source is the replica's external source (<see cref="SourceId"/> unused): only its named databases are copied, no accounts.</summary>
    public bool FromExternalSource { get; init; }
}

/// <summary>Input of <c>CreateExternalReplica</c>: the new instance's server (read-only); the source is in the catalog, its password in the secret store.</summary>
internal sealed record CreateExternalReplicaInput(string ProjectId, string InstanceId, string OperationId, ServerSpec Spec);

/// <summary>Input of the steps of a replica of an external source: the source is read from the catalog inside the step.</summary>
internal sealed record ExternalReplicaStep(string ProjectId, string OperationId, string ReplicaId);

/// <summary>Input of <see cref="WaitForGtidActivity"/>.</summary>
internal sealed record GtidWait(string ReplicaId, string Gtid, int TimeoutSeconds);

/// <summary>One server's replication health, as <see cref="ReadHealthActivity"/> found it.</summary>
internal sealed record MemberHealth(string InstanceId, ReplicaHealth Health);

/// <summary>
/// Input of <c>PromoteReplica</c> and <c>EjectSource</c>: the set as it was when the operation took it. For a promote
/// <c>NewSourceId</c> is the replica asked for; an eject elects it and leaves it null.
/// </summary>
internal sealed record ReplicaSetOperationInput(
    string ProjectId, string OperationId, string SourceId, string? NewSourceId, IReadOnlyList<string> ReplicaIds)
{
    /// <summary>The set's replicas are the platform's own (Azure): replication stops through the platform, and no replica can be re-pointed.</summary>
    public bool NativeReplicas { get; init; }
}

/// <summary>Input of <c>DetachReplica</c> and <c>ResyncReplica</c>.</summary>
internal sealed record ReplicaOperationInput(string ProjectId, string OperationId, string ReplicaId, string SourceId)
{
    /// <summary>The replica's source is outside the service (<see cref="SourceId"/> is empty): detach is a migration's cut-over.</summary>
    public bool FromExternalSource { get; init; }

    /// <summary>The replica is the platform's own (Azure): its replication stops through the platform, not over SQL.</summary>
    public bool NativeReplicas { get; init; }
}

/// <summary>What one member of a replica set becomes at the end of an operation (or after it failed).</summary>
internal sealed record MemberState(string InstanceId, string Status, string? ReplicaOf, IReadOnlyList<string> Replicas, string? Fault);

/// <summary>Input of <see cref="UpdateReplicaSetActivity"/>: members the operation still owns take their new state.</summary>
internal sealed record ReplicaSetUpdate(string ProjectId, string OperationId, IReadOnlyList<MemberState> Members);

/// <summary>Input of <see cref="UnlinkReplicaActivity"/>: the source forgets the replica (detach, delete).</summary>
internal sealed record ReplicaUnlink(string ProjectId, string SourceId, string ReplicaId);
