using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Replication;

/// <summary>An instance's place in its replica set and, when read, its replication health.</summary>
/// <param name="Role"><c>source</c>, <c>replica</c> or <c>standalone</c>.</param>
/// <param name="Source">The source of a replica; null otherwise.</param>
/// <param name="Replicas">The replicas of a source; empty otherwise.</param>
/// <param name="Health">The health read within the show deadline; <see cref="ReplicaHealth.Unknown"/> when the server did not answer in time; null when not read.</param>
public sealed record ReplicationView(string Role, ReplicaReference? Source, IReadOnlyList<ReplicaReference> Replicas, ReplicaHealth? Health)
{
    /// <summary>The role of a source.</summary>
    public const string SourceRole = "source";

    /// <summary>The role of a replica.</summary>
    public const string ReplicaRole = "replica";

    /// <summary>The role of an instance outside any replica set.</summary>
    public const string StandaloneRole = "standalone";

    /// <summary>The role and members of <paramref name="instance"/> without health, names looked up in <paramref name="names"/> (a listing).</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="names">Instance names by id; an id not there shows as itself.</param>
    public static ReplicationView Of(InstanceView instance, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(names);
        ReplicaReference Reference(string id) => new(id, names.GetValueOrDefault(id, id));
        return new ReplicationView(
            RoleOf(instance),
            instance.ReplicaOf is { } source ? Reference(source) : ReplicaReference.External(instance.ExternalSource),
            [.. instance.Replicas.Select(Reference)],
            Health: null);
    }

    /// <summary>The role of <paramref name="instance"/> in its replica set.</summary>
    /// <param name="instance">The instance.</param>
    public static string RoleOf(InstanceView instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.ReplicaOf is not null || instance.ExternalSource is not null ? ReplicaRole : instance.Replicas.Count > 0 ? SourceRole : StandaloneRole;
    }
}
