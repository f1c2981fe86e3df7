namespace Serverless.Cli.Client;

/// <summary>
/// <c>GET /instances/{id}/connection</c>: where a replica set's source and replicas listen, and the same as environment
/// variables; never a password.
/// </summary>
internal sealed record ConnectionResource(string? PrimaryHost, int? PrimaryPort, IReadOnlyList<string>? ReplicaHosts, IReadOnlyDictionary<string, string>? Env);

internal sealed record ConnectionEnvelope(ConnectionResource Connection);
