using System.Globalization;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Where an application connects to an instance's replica set: writes to the source, reads spread over the replicas.
/// Follows promote, eject and detach, because it is computed from the catalog each time. Never holds a password.
/// </summary>
/// <param name="PrimaryHost">The source's host (the instance itself when standalone); null while it has none.</param>
/// <param name="PrimaryPort">The source's port.</param>
/// <param name="Replicas">The replicas that take reads (<c>ACTIVE</c> ones with an address), as <c>host:port</c>.</param>
public sealed record ConnectionSettings(string? PrimaryHost, int? PrimaryPort, IReadOnlyList<string> Replicas)
{
    /// <summary>
    /// The settings as environment variables (docs/replication.md, "Connection settings"): <c>DATABASE_HOST</c>,
    /// <c>DATABASE_PORT</c>, <c>DATABASE_URL</c> (<c>mysql://host:port</c>, no credentials), <c>DATABASE_REPLICA_HOSTS</c>
    /// (comma-separated <c>host:port</c>) and <c>DATABASE_REPLICA_URLS</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables()
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["DATABASE_REPLICA_HOSTS"] = string.Join(",", Replicas),
            ["DATABASE_REPLICA_URLS"] = string.Join(",", Replicas.Select(r => $"mysql://{r}")),
        };
        if (PrimaryHost is { } host && PrimaryPort is { } port)
        {
            variables["DATABASE_HOST"] = host;
            variables["DATABASE_PORT"] = port.ToString(CultureInfo.InvariantCulture);
            variables["DATABASE_URL"] = $"mysql://{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        }

        return variables;
    }
}
