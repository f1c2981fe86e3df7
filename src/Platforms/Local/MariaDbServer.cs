using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Platforms.Local;

/// <summary>
/// A running <c>mariadbd</c> process with its own state directory (configuration, data
/// directory, error log, unix socket, TLS files), listening on a TCP port, with an
/// <see cref="AdminUser"/> account that holds all privileges.
/// </summary>
/// <remarks>
/// New data directories are copied from a template created once per MariaDB version, so a
/// server is ready within about a second. The generated configuration enables the binary log
/// (ROW format), GTID strict mode and <c>log_slave_updates</c>, so any server can become a
/// replication source or replica. Disposing stops the server and, unless
/// <see cref="MariaDbServerOptions.DeleteStateOnDispose"/> is false, deletes its state directory.
/// </remarks>
public sealed class MariaDbServer : IAsyncDisposable
{
    /// <summary>The administrative account created on every server.</summary>
    public const string AdminUserName = "admin";

    internal const string TemplatesDirectoryName = "templates";

    private readonly MariaDbStateLayout layout;
    private readonly LocalServerLifetime lifetime;

    private MariaDbServer(MariaDbServerOptions options, MariaDbStateLayout layout, LocalServerLifetime lifetime, string host, string adminPassword)
    {
        Options = options;
        this.layout = layout;
        this.lifetime = lifetime;
        Host = host;
        AdminPassword = adminPassword;
    }

    /// <summary>
    /// The directory holding the state directories of servers without an explicit
    /// <see cref="MariaDbServerOptions.StateDirectory"/> and the template data directories:
    /// <c>{temp}/serverless-mariadb</c>.
    /// </summary>
    public static string SharedRoot => Path.Combine(Path.GetTempPath(), "serverless-mariadb");

    /// <summary>The options the server was started with.</summary>
    public MariaDbServerOptions Options { get; }

    /// <summary>The address clients connect to: the bind address, or 127.0.0.1 when bound to all addresses.</summary>
    public string Host { get; }

    /// <summary>The TCP port the server listens on.</summary>
    public int Port => lifetime.Port;

    /// <summary>The unix socket the server listens on.</summary>
    public string SocketPath => layout.SocketPath;

    /// <summary>The state directory: configuration, data directory, logs, TLS files.</summary>
    public string StateDirectory => layout.StateDirectory;

    /// <summary>The server's data directory (<c>datadir</c>).</summary>
    public string DataDirectory => layout.DataDirectory;

    /// <summary>The generated configuration file the server was started with.</summary>
    public string ConfigurationFilePath => layout.ConfigFile;

    /// <summary>The server's error log.</summary>
    public string ErrorLogPath => layout.ErrorLog;

    /// <summary>The process id of <c>mariadbd</c>.</summary>
    public int ProcessId => lifetime.ProcessId;

    /// <summary>The administrative user, <c>admin</c>, with all privileges and GRANT OPTION, from any host.</summary>
    public string AdminUser { get; } = AdminUserName;

    /// <summary>The password of <see cref="AdminUser"/> (mysql_native_password); unique per server unless read from <see cref="MariaDbServerOptions.AdminPasswordFile"/>.</summary>
    public string AdminPassword { get; }

    /// <summary>The PEM file of the CA that signed the server certificate; null when TLS is off.</summary>
    public string? TlsCaCertificatePath => Options.EnableTls ? layout.CaCertificate : null;

    /// <summary>The PEM file of the server certificate (127.0.0.1, ::1, localhost and the bind address when it is a specific IP); null when TLS is off.</summary>
    public string? TlsServerCertificatePath => Options.EnableTls ? layout.ServerCertificate : null;

    /// <summary>True once the <c>mariadbd</c> process has exited, for whatever reason.</summary>
    public bool HasExited => lifetime.HasExited;

    /// <summary>The exit code of <c>mariadbd</c> (128 + signal when killed by one); null while it runs.</summary>
    public int? ExitCode => lifetime.ExitCode;

    /// <summary>
    /// Starts a server and waits until it answers on its unix socket and its TCP port (so a
    /// different server holding the address is never taken for it). Before that, removes the state
    /// of guarded servers whose owning process has died.
    /// </summary>
    /// <param name="options">How to configure and run the server.</param>
    /// <param name="cancellationToken">Cancels the start; a half-started server is killed.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="MariaDbServerStartException">
    /// mariadbd exited (for example because another process holds an explicit <see cref="MariaDbServerOptions.Port"/>
    /// on the bind address) or did not answer within <see cref="MariaDbServerOptions.StartTimeout"/>.
    /// </exception>
    public static async Task<MariaDbServer> StartAsync(MariaDbServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Local MariaDB servers run on Linux only.");
        }

        var logger = options.Logger ?? NullLogger.Instance;
        var executables = await MariaDbExecutables.DiscoverAsync(cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(SharedRoot);
        await OrphanedServerSweeper.SweepAsync(SharedRoot, logger, cancellationToken).ConfigureAwait(false);
        var template = await MariaDbDataTemplate.EnsureAsync(SharedRoot, executables, cancellationToken).ConfigureAwait(false);

        var layout = new MariaDbStateLayout(LocalServerLifetime.StateDirectoryFor(SharedRoot, options));
        var host = IPAddress.TryParse(options.BindAddress, out var bind) && (bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any))
            ? "127.0.0.1"
            : options.BindAddress;
        string? adminPassword = null;
        var lifetime = await LocalServerLifetime.StartAsync(
            OrphanedServerSweeper.MariaDbServers,
            layout.StateDirectory,
            options,
            logger,
            async cancellationToken =>
            {
                // Checked on entry; the platform analyzer does not carry that check into lambdas.
                Debug.Assert(OperatingSystem.IsLinux());
                if (!Directory.Exists(layout.DataDirectory))
                {
                    // Copy beside and rename, so an interrupted copy is never taken for a data directory.
                    var copying = layout.DataDirectory + ".copying";
                    if (Directory.Exists(copying))
                    {
                        Directory.Delete(copying, recursive: true);
                    }

                    MariaDbDataTemplate.CopyTo(template, copying);
                    Directory.Move(copying, layout.DataDirectory);
                }

                adminPassword = await ResolveAdminPasswordAsync(options, cancellationToken).ConfigureAwait(false);
                if (options.EnableTls)
                {
                    await LocalTlsCertificates.EnsureAsync(layout, options.Name, options.BindAddress, cancellationToken).ConfigureAwait(false);
                }

                return Launch(executables, options, layout, host, adminPassword);
            },
            cancellationToken).ConfigureAwait(false);
        return new MariaDbServer(options, layout, lifetime, host, adminPassword!);
    }

    /// <summary>
    /// Shuts the server down cleanly (SIGTERM) and waits for it to exit; kills it (SIGKILL) if it
    /// takes longer than <see cref="MariaDbServerOptions.StopTimeout"/> or the stop is cancelled.
    /// Does nothing if the server has already exited.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait; the server is then killed.</param>
    public Task StopAsync(CancellationToken cancellationToken) => lifetime.StopAsync(cancellationToken);

    /// <summary>
    /// Kills the server at once (SIGKILL), as a crash would; for tests of what happens when a
    /// server dies mid-query. The data directory stays as the crash left it.
    /// </summary>
    public void Kill() => lifetime.Kill();

    /// <summary>Completes when the <c>mariadbd</c> process has exited.</summary>
    /// <param name="cancellationToken">Cancels the wait only; the server keeps running.</param>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => lifetime.WaitForExitAsync(cancellationToken);

    /// <summary>Stops the server and, if <see cref="MariaDbServerOptions.DeleteStateOnDispose"/>, deletes its state directory.</summary>
    public ValueTask DisposeAsync() => lifetime.DisposeAsync();

    /// <remarks>
    /// A handshake on the TCP address alone proves nothing while our mariadbd is still starting:
    /// another server that already holds the address answers it, and ours is about to fail to
    /// bind. So the server must first answer on its unix socket, whose path derives from its state
    /// directory, which the launch claimed exclusively. mariadbd sends a handshake only from its
    /// connection loop, which it enters after binding every listener, and a failed TCP bind ends
    /// it; so a handshake there proves that this server holds the TCP address too.
    /// </remarks>
    [SupportedOSPlatform("linux")]
    private static LocalServerLaunch Launch(MariaDbExecutables executables, MariaDbServerOptions options, MariaDbStateLayout layout, string host, string adminPassword) => new(
        executables.Server,
        "mariadbd",
        layout.ErrorLog,
        options.BindAddress,
        PortTakenMessage: "Address already in use",
        Address: port => $"{host}:{port}",
        PrepareAsync: async (port, cancellationToken) =>
        {
            await File.WriteAllTextAsync(layout.ConfigFile, MariaDbConfigFile.Render(options, layout, port), cancellationToken).ConfigureAwait(false);
            await PrivateFile.WriteAsync(layout.InitFile, AdminAccountSql(adminPassword), cancellationToken).ConfigureAwait(false);
            return [$"--defaults-file={layout.ConfigFile}", $"--user={Environment.UserName}", $"--init-file={layout.InitFile}"];
        },
        AnswersAsync: async (port, cancellationToken) =>
            await HandshakeProbe.AnswersOnUnixSocketAsync(layout.SocketPath, cancellationToken).ConfigureAwait(false)
            && await HandshakeProbe.AnswersAsync(host, port, cancellationToken).ConfigureAwait(false),
        StartFailed: (reason, logTail) => new MariaDbServerStartException(options.Name, reason, layout.ErrorLog, logTail),
        // The init file holds the admin password; mariadbd has read it once it answers.
        AfterAttempt: () => File.Delete(layout.InitFile));

    [SupportedOSPlatform("linux")]
    private static async Task<string> ResolveAdminPasswordAsync(MariaDbServerOptions options, CancellationToken cancellationToken)
    {
        if (options.AdminPasswordFile is { } file && File.Exists(file))
        {
            var stored = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
            if (stored.Length == 0 || stored.Any(c => c is < ' ' or > '~' or '\'' or '\\'))
            {
                throw new InvalidOperationException(
                    $"The admin password file '{file}' must hold one line of printable ASCII without quotes or backslashes. Delete it to generate a new password.");
            }

            return stored;
        }

        var generated = GeneratedPassword.Create();
        if (options.AdminPasswordFile is { } newFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(newFile))!);
            await PrivateFile.WriteAsync(newFile, generated + "\n", cancellationToken).ConfigureAwait(false);
        }

        return generated;
    }

    /// <summary>
    /// Run by mariadbd at every start (<c>--init-file</c>, one statement per line), so the
    /// account always matches <see cref="AdminPassword"/>. Kept out of the binary log: the
    /// account is local to each server, and a fresh server's GTID state stays empty.
    /// </summary>
    private static string AdminAccountSql(string password)
    {
        var sql = new StringBuilder("SET sql_log_bin = 0;\n");
        foreach (var host in new[] { "%", "localhost" })
        {
            var account = $"'{AdminUserName}'@'{host}'";
            sql.Append($"CREATE USER IF NOT EXISTS {account};\n");
            sql.Append($"ALTER USER {account} IDENTIFIED VIA mysql_native_password USING PASSWORD('{password}');\n");
            sql.Append($"GRANT ALL PRIVILEGES ON *.* TO {account} WITH GRANT OPTION;\n");
        }

        return sql.ToString();
    }

}
