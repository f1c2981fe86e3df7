using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Replication;

/// <summary>Another member of an instance's replica set, as clients see it (Trove's <c>replica_of</c> and <c>replicas</c> items).</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Name">The instance name; the id when the instance is gone.</param>
public sealed record ReplicaReference(string Id, string Name)
{
    /// <summary>The server outside the service this reference stands for (a migration's source); null for an instance.</summary>
    public ExternalSourceView? ExternalSource { get; init; }

    /// <summary>The reference to an external source (<c>mysql://host:port</c>, named <c>host:port</c>); null when there is none.</summary>
    /// <param name="source">The source.</param>
    public static ReplicaReference? External(ExternalSourceView? source) =>
        source is null ? null : new ReplicaReference(source.Id, source.Endpoint) { ExternalSource = source };
}
