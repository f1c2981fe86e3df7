namespace Serverless.Orchestrations.Replication;

/// <summary>Another member of an instance's replica set, as clients see it (Trove's <c>replica_of</c> and <c>replicas</c> items).</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Name">The instance name; the id when the instance is gone.</param>
public sealed record ReplicaReference(string Id, string Name);
