namespace Serverless.Api.Wire;

/// <summary>
/// Another member of a replica set as Trove shows it in <c>replica_of</c> and <c>replicas</c> (docs/trove-clients.md §4).
/// </summary>
internal sealed record ReplicaReferenceWire(string Id, string Name, IReadOnlyList<Link> Links)
{
    /// <summary>True for a server outside the service (a migration's source, id <c>mysql://host:port</c>); omitted for an instance.</summary>
    public bool? External { get; init; }

    /// <summary>Where the external source listens; omitted for an instance.</summary>
    public string? Host { get; init; }

    /// <summary>The external source's port; omitted for an instance.</summary>
    public int? Port { get; init; }

    /// <summary>The migration account on the external source (never its password); omitted for an instance.</summary>
    public string? User { get; init; }

    /// <summary>The databases migrated from the external source; omitted for an instance.</summary>
    public IReadOnlyList<string>? Databases { get; init; }
}

/// <summary>
/// Our extension of the instance object: the replication role and health read at show time (docs/replication.md).
/// <c>state</c> is <c>running</c>, <c>connecting</c> (the IO thread is reconnecting), <c>broken</c> (a thread stopped), <c>source</c> (it replicates to others) or
/// <c>unknown</c> (the server did not answer within the show deadline); the rest is null when not known.
/// </summary>
internal sealed record ReplicationWire(
    string Role,
    string State,
    long? SecondsBehind,
    string? IoThread,
    string? SqlThread,
    string? LastError,
    string? AppliedGtid,
    bool? ReadOnly);

/// <summary>
/// <c>GET /instances/{id}/connection</c>: where the set's source and replicas listen, and the same as environment
/// variables (<c>env</c>); URLs carry no credentials.
/// </summary>
internal sealed record ConnectionWire(string? PrimaryHost, int? PrimaryPort, IReadOnlyList<string> ReplicaHosts, IReadOnlyDictionary<string, string> Env);

internal sealed record ConnectionEnvelope(ConnectionWire Connection);
