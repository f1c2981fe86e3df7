using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local.Instances;

/// <summary>How a <see cref="LocalDatabasePlatform"/> keeps and runs its servers.</summary>
public sealed record LocalDatabasePlatformOptions
{
    /// <summary>
    /// The directory holding every server: <c>servers/{serverId}/</c> (configuration, data, logs,
    /// TLS files) and <c>servers/{serverId}.json</c> (address, port, spec, process id; no secrets).
    /// </summary>
    public required string StateRoot { get; init; }

    /// <summary>
    /// The port every server listens on when it can have a loopback address of its own (127.0.0.2
    /// and up); otherwise a server listens on 127.0.0.1 on a free port.
    /// </summary>
    public int PreferredPort { get; init; } = 3306;

    /// <summary>How long a server start may take until it answers.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a clean shutdown may take before the server is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives provisioning and reconcile events; never passwords.</summary>
    public ILogger? Logger { get; init; }
}
