using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>
/// How <see cref="MariaDbServer.StartAsync"/> configures and runs one <c>mariadbd</c> process.
/// </summary>
/// <remarks>
/// The defaults describe a throw-away test server: a fresh state directory under the temp
/// directory, a free port on 127.0.0.1, killed together with the owning process, deleted on
/// dispose. A long-lived server (the local service) sets <see cref="StateDirectory"/>,
/// <see cref="AdminPasswordFile"/>, <see cref="Guarded"/> = false and
/// <see cref="DeleteStateOnDispose"/> = false.
/// </remarks>
public sealed record MariaDbServerOptions : ILocalServerOptions
{
    /// <summary>
    /// Short name of the server, used in the state directory name and in log messages.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The replication <c>server_id</c>; unique among servers that replicate together.</summary>
    public int ServerId { get; init; } = 1;

    /// <summary>
    /// When true, a CA and a server certificate for 127.0.0.1, ::1, localhost and a specific
    /// <see cref="BindAddress"/> are generated (or reused from the state directory while they cover
    /// these addresses) and the server accepts TLS connections.
    /// </summary>
    public bool EnableTls { get; init; }

    /// <summary>
    /// Extra <c>[mysqld]</c> settings, for example <c>read_only = ON</c> or
    /// <c>max_allowed_packet = 64M</c>. A setting replaces a generated one of the same name
    /// (<c>-</c> and <c>_</c> are interchangeable); an empty value writes the bare option name.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExtraSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Databases a replica replicates (one <c>replicate_wild_do_table</c> line each, <c>db.%</c>); empty replicates every
    /// database.
    /// </summary>
    public IReadOnlyList<string> ReplicatedDatabases { get; init; } = [];

    /// <summary>
    /// Directory holding the configuration, data directory, logs, socket and certificates.
    /// Null means a fresh directory under <c>{temp}/serverless-mariadb/</c>. An existing
    /// directory with a data directory is reused: the server starts on the existing data.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// File holding the admin password. When it exists, its content is the password; when it does
    /// not, a random password is generated and written there (mode 0600). Null keeps a generated
    /// password in memory only. Either way the admin account is set to this password at every start.
    /// </summary>
    public string? AdminPasswordFile { get; init; }

    /// <summary>The IP address the server listens on.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>TCP port; null picks a free one (and retries with another if it gets taken).</summary>
    public int? Port { get; init; }

    /// <summary>
    /// When true (the default, for tests), a watchdog kills the server as soon as the owning process
    /// is gone, even after SIGKILL, and later starts remove the state directories of dead owners.
    /// When false the server outlives its owner and is never swept.
    /// </summary>
    public bool Guarded { get; init; } = true;

    /// <summary>Whether <see cref="MariaDbServer.DisposeAsync"/> deletes the state directory.</summary>
    public bool DeleteStateOnDispose { get; init; } = true;

    /// <summary>How long a start may take until the server answers with a handshake.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a clean shutdown may take before the server is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives start, stop and sweep events; never passwords.</summary>
    public ILogger? Logger { get; init; }
}
