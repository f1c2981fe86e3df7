using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Serverless.Platforms.Local.Secrets;

namespace Serverless.Platforms.Local.Instances;

/// <summary>
/// The one-machine platform: every server is a <c>mariadbd</c> process (<see cref="MariaDbServer"/>)
/// with its own state directory under <see cref="LocalDatabasePlatformOptions.StateRoot"/>, its own
/// TLS certificate and, where it can have one, its own loopback address on the standard port.
/// </summary>
/// <remarks>
/// <para>
/// Servers are unguarded: they outlive the host, and a host that starts again over the same state
/// root finds them through their records (<c>servers/{serverId}.json</c>). A server still running
/// from an earlier host run is adopted, not restarted, so a host restart does not interrupt clients;
/// its process is recognised by its command line (the server's own configuration file), never by
/// the pid alone, and stopped by signal. <see cref="ReconcileAsync"/> starts servers that should run
/// and do not, and reports those whose data directory has disappeared as missing.
/// </para>
/// <para>
/// The admin password is generated once and kept in the <see cref="LocalSecretStore"/>; the secret's
/// file is the server's <see cref="MariaDbServerOptions.AdminPasswordFile"/>, so no copy of it exists.
/// </para>
/// <para>Operations on one server are serialized within this object; use one platform per state root.</para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class LocalDatabasePlatform : IDatabasePlatform
{
    private const int MaxServerIdLength = 64;
    private const int MaxAddressAttempts = 5;
    private const string FallbackHost = "127.0.0.1";
    private const int ErrorLogTailLines = 20;
    private const long ErrorLogTailBytes = 64 * 1024;

    private readonly LocalDatabasePlatformOptions options;
    private readonly LocalSecretStore secrets;
    private readonly ILogger logger;
    private readonly string serversDirectory;
    private readonly ConcurrentDictionary<string, MariaDbServer> started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> serverLocks = new(StringComparer.Ordinal);
    private readonly Lock addressLock = new();

    /// <summary>Creates the platform over <see cref="LocalDatabasePlatformOptions.StateRoot"/>; nothing starts until an operation is called.</summary>
    /// <param name="options">Where servers live and how they start.</param>
    /// <param name="secrets">Where admin passwords are kept.</param>
    public LocalDatabasePlatform(LocalDatabasePlatformOptions options, LocalSecretStore secrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(secrets);
        this.options = options;
        this.secrets = secrets;
        logger = options.Logger ?? NullLogger.Instance;
        serversDirectory = Path.Combine(Path.GetFullPath(options.StateRoot), "servers");
    }

    /// <inheritdoc />
    public async Task<ServerEndpoint> ProvisionAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        LocalFileName.Validate(spec.ServerId, nameof(spec), MaxServerIdLength);
        LocalFileName.Validate(spec.AdminSecretId, nameof(spec), LocalSecretStore.MaxIdLength);
        if (spec.Flavor.RamMegabytes <= 0 || spec.Flavor.MaxConnections <= 0 || spec.VolumeSizeGigabytes <= 0)
        {
            throw new ArgumentException($"Server '{spec.ServerId}' needs positive memory, max_connections and volume size.", nameof(spec));
        }

        return await WithServerLockAsync(spec.ServerId, async () =>
        {
            var record = ReadRecord(spec.ServerId);
            if (record is not null && record.Spec != spec)
            {
                throw new InvalidOperationException(
                    $"Server '{spec.ServerId}' exists with a different spec ({record.Spec}); delete it first or use another server id.");
            }

            record ??= ReserveAddress(spec, new HashSet<string>());
            await secrets.CreateAsync(spec.AdminSecretId, GeneratedPassword.Create(), cancellationToken).ConfigureAwait(false);
            record = await EnsureRunningAsync(record with { ShouldRun = true }, cancellationToken).ConfigureAwait(false);
            return record.Endpoint!;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ServerAdminAccess> GetAdminAccessAsync(string serverId, CancellationToken cancellationToken) =>
        WithServerLockAsync(serverId, async () =>
        {
            var (record, endpoint) = RunningEndpoint(serverId, "connecting to it");
            var caCertificate = endpoint.TlsCaCertificatePath is { } path
                ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)
                : null;
            return new ServerAdminAccess(endpoint.Host, endpoint.Port, MariaDbServer.AdminUserName, record.Spec.AdminSecretId, caCertificate);
        }, cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(string serverId, CancellationToken cancellationToken) =>
        WithServerLockAsync(serverId, async () =>
        {
            var record = RequireRecord(serverId);
            ThrowIfDataMissing(record);
            record = record with { ShouldRun = true };
            record.Write(RecordPath(serverId));
            await EnsureRunningAsync(record, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(string serverId, CancellationToken cancellationToken) =>
        WithServerLockAsync(serverId, async () =>
        {
            // Recorded first, so a host that crashes during the stop does not start the server again.
            var record = RequireRecord(serverId) with { ShouldRun = false };
            record.Write(RecordPath(serverId));
            await StopProcessAsync(record, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task RestartAsync(string serverId, CancellationToken cancellationToken) =>
        WithServerLockAsync(serverId, async () =>
        {
            var record = RequireRecord(serverId);
            ThrowIfDataMissing(record);
            await StopProcessAsync(record, cancellationToken).ConfigureAwait(false);
            record = record with { ShouldRun = true };
            record.Write(RecordPath(serverId));
            await EnsureRunningAsync(record, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A local server's volume is its data directory on the machine's disk, which has no size of its own: the new size is
    /// recorded, and a size smaller than the recorded one or than the data is refused. A new flavor rewrites the server's
    /// settings, which only a restart applies; a volume change alone does not restart the server.
    /// </remarks>
    public Task ResizeAsync(string serverId, FlavorSpec? flavor, int? volumeGigabytes, CancellationToken cancellationToken) =>
        WithServerLockAsync(serverId, async () =>
        {
            var record = RequireRecord(serverId);
            ThrowIfDataMissing(record);
            var spec = record.Spec with
            {
                Flavor = flavor ?? record.Spec.Flavor,
                VolumeSizeGigabytes = volumeGigabytes ?? record.Spec.VolumeSizeGigabytes,
            };
            if (spec.VolumeSizeGigabytes < record.Spec.VolumeSizeGigabytes)
            {
                throw new ArgumentException(
                    $"Server '{serverId}' has a {record.Spec.VolumeSizeGigabytes} GB volume; it cannot shrink to {spec.VolumeSizeGigabytes} GB.", nameof(volumeGigabytes));
            }

            if (UsedBytes(record.DataDirectory) > spec.VolumeSizeGigabytes * (1L << 30))
            {
                throw new ArgumentException($"The data of server '{serverId}' does not fit a {spec.VolumeSizeGigabytes} GB volume.", nameof(volumeGigabytes));
            }

            // The spec is recorded before the restart: a crash in between restarts the server with it on the next run.
            var flavorChanged = spec.Flavor != record.Spec.Flavor || (IsRunning(record) && !RunsWithFlavor(record, spec));
            record = record with { Spec = spec, ShouldRun = true };
            record.Write(RecordPath(serverId));
            if (flavorChanged)
            {
                await StopProcessAsync(record, cancellationToken).ConfigureAwait(false);
            }

            await EnsureRunningAsync(record, cancellationToken).ConfigureAwait(false);
            LocalDatabasePlatformLog.Resized(logger, serverId, spec.Flavor.RamMegabytes, spec.Flavor.MaxConnections, spec.VolumeSizeGigabytes);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task SetReadOnlyAsync(string serverId, bool isReadOnly, CancellationToken cancellationToken) =>
        WithServerLockAsync(serverId, async () =>
        {
            // Recorded first: the configuration of every later start follows the record, even if the host dies now.
            var record = RequireRecord(serverId);
            record = record with { Spec = record.Spec with { ReadOnly = isReadOnly } };
            record.Write(RecordPath(serverId));
            if (IsRunning(record) && record.Endpoint is not null)
            {
                var connection = await OpenAdminConnectionAsync(serverId, "changing read_only", cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    await AdminConnection.ExecuteAsync(connection, isReadOnly ? "SET GLOBAL read_only = 1" : "SET GLOBAL read_only = 0", [], cancellationToken).ConfigureAwait(false);
                }
            }

            return true;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The databases go into the record, so the generated <c>my.cnf</c> names them from the next start on.</remarks>
    public Task KeepReplicationFilterAsync(string serverId, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
        return WithServerLockAsync(serverId, () =>
        {
            var record = RequireRecord(serverId);
            if (!record.ReplicatedDatabases.SequenceEqual(databases, StringComparer.Ordinal))
            {
                record = record with { ReplicatedDatabases = [.. databases] };
                record.Write(RecordPath(serverId));
            }

            return Task.FromResult(true);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The values go into the record, so the generated <c>my.cnf</c> carries them from the next start on; dynamic ones are set
    /// with <c>SET GLOBAL</c> now. A dynamic parameter going back to its default gets the value the configuration file would
    /// give it without the parameter (the flavor's <c>max_connections</c>, for example), or the server's compiled default.
    /// </remarks>
    public Task<bool> ApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var parameter in parameters)
        {
            if (parameter.Name.Length == 0 || !parameter.Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                throw new ArgumentException($"'{parameter.Name}' is not a server variable name.", nameof(parameters));
            }
        }

        return WithServerLockAsync(serverId, async () =>
        {
            var record = RequireRecord(serverId);
            ThrowIfDataMissing(record);
            var defaults = new Dictionary<string, string>(MariaDbConfigFile.TunableDefaults, StringComparer.Ordinal);
            foreach (var (name, value) in MariaDbFlavorSettings.For(record.Spec))
            {
                defaults[name] = value;
            }

            var connection = await OpenAdminConnectionAsync(serverId, "setting its parameters", cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                foreach (var parameter in parameters.Where(p => !p.RestartRequired))
                {
                    var value = parameter.Value ?? (defaults.TryGetValue(parameter.Name, out var fallback) ? fallback : null);
                    try
                    {
                        if (value is null)
                        {
                            await AdminConnection.ExecuteAsync(connection, $"SET GLOBAL {parameter.Name} = DEFAULT", [], cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await AdminConnection.ExecuteAsync(connection, $"SET GLOBAL {parameter.Name} = ?", [Typed(parameter.Type, value)], cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (MySqlException e)
                    {
                        throw new InvalidOperationException($"Server '{serverId}' refused {parameter.Name} = {value ?? "DEFAULT"}: {e.Message}", e);
                    }
                }
            }

            // Recorded once the server took every dynamic value, so a value it refuses never reaches the configuration file.
            var wanted = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Name, p => p.Value!, StringComparer.Ordinal);
            record = record with { Parameters = wanted };
            record.Write(RecordPath(serverId));
            return parameters.Where(p => p.RestartRequired).Any(p =>
                record.StartedParameters.GetValueOrDefault(p.Name) != record.Parameters.GetValueOrDefault(p.Name));
        }, cancellationToken);
    }

    private static object Typed(string type, string value) => type switch
    {
        "integer" => long.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
        "float" => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <inheritdoc />
    public Task DeleteAsync(string serverId, CancellationToken cancellationToken)
    {
        LocalFileName.Validate(serverId, nameof(serverId), MaxServerIdLength);
        return WithServerLockAsync(serverId, async () =>
        {
            // The record goes last: until then a crashed delete is still known and runs again.
            var record = ReadRecord(serverId);
            if (record is not null)
            {
                await StopProcessAsync(record, cancellationToken).ConfigureAwait(false);
            }

            var stateDirectory = StateDirectoryOf(serverId);
            if (Directory.Exists(stateDirectory))
            {
                Directory.Delete(stateDirectory, recursive: true);
            }

            if (record is not null)
            {
                await secrets.DeleteAsync(record.Spec.AdminSecretId, cancellationToken).ConfigureAwait(false);
                ReleaseAddress(record);
                File.Delete(RecordPath(serverId));
                LocalDatabasePlatformLog.Deleted(logger, serverId);
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ServerStatus> GetStatusAsync(string serverId, CancellationToken cancellationToken)
    {
        LocalFileName.Validate(serverId, nameof(serverId), MaxServerIdLength);
        return Task.FromResult(StatusOf(serverId, ReadRecord(serverId)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ServerStatus>> ReconcileAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(serversDirectory))
        {
            return [];
        }

        var serverIds = Directory.EnumerateFiles(serversDirectory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var statuses = new List<ServerStatus>(serverIds.Count);
        foreach (var serverId in serverIds)
        {
            var status = await WithServerLockAsync(serverId, () => ReconcileOneAsync(serverId, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (status is not null)
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }

    /// <summary>The process id of a running server, for tests that crash it; null when it does not run.</summary>
    internal int? ProcessIdOf(string serverId) =>
        ReadRecord(serverId) is { } record && IsRunning(record) ? record.ProcessId : null;

    /// <summary>The server's state directory: configuration, data, logs, TLS files.</summary>
    internal string StateDirectoryOf(string serverId) => Path.Combine(serversDirectory, serverId);

    /// <summary>The file holding what the platform remembers about a server.</summary>
    internal string RecordPath(string serverId) => Path.Combine(serversDirectory, serverId + ".json");

    private async Task<ServerStatus?> ReconcileOneAsync(string serverId, CancellationToken cancellationToken)
    {
        var record = ReadRecord(serverId);
        if (record is null)
        {
            return null;
        }

        if (record.Provisioned && !Directory.Exists(record.DataDirectory))
        {
            LocalDatabasePlatformLog.DataMissing(logger, serverId, record.DataDirectory ?? StateDirectoryOf(serverId));

            // A server whose files are gone serves nothing that survives it and holds its address.
            await StopProcessAsync(record, cancellationToken).ConfigureAwait(false);
        }
        else if (record.Provisioned && record.ShouldRun)
        {
            if (IsRunning(record))
            {
                if (!started.ContainsKey(serverId))
                {
                    LocalDatabasePlatformLog.Adopted(logger, serverId, record.ProcessId);
                }
            }
            else
            {
                LocalDatabasePlatformLog.Restarting(logger, serverId);
                try
                {
                    record = await EnsureRunningAsync(record, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is MariaDbServerStartException or IOException or InvalidOperationException)
                {
                    LocalDatabasePlatformLog.ReconcileStartFailed(logger, serverId, e);
                    return StatusOf(serverId, record) with { State = ServerState.Failed, Message = $"Server '{serverId}' could not be started: {e.Message}" };
                }
            }
        }

        return StatusOf(serverId, record);
    }

    private ServerStatus StatusOf(string serverId, LocalServerRecord? record)
    {
        if (record is null)
        {
            return new ServerStatus(serverId, ServerState.Missing, null, 0, 0, $"There is no server '{serverId}' on this host.");
        }

        var size = record.Spec.VolumeSizeGigabytes * (1L << 30);
        if (!record.Provisioned)
        {
            return new ServerStatus(serverId, ServerState.Failed, null, 0, size, $"Server '{serverId}' has not finished provisioning; run the provisioning again.");
        }

        if (!Directory.Exists(record.DataDirectory))
        {
            return new ServerStatus(serverId, ServerState.Missing, record.Endpoint, 0, size,
                $"The data directory of server '{serverId}' ({record.DataDirectory}) is gone, probably deleted outside the platform. Restore the server from a backup, or delete it.");
        }

        var used = UsedBytes(record.DataDirectory);
        if (IsRunning(record))
        {
            return new ServerStatus(serverId, ServerState.Running, record.Endpoint, used, size, null);
        }

        return record.ShouldRun
            ? new ServerStatus(serverId, ServerState.Failed, record.Endpoint, used, size,
                $"Server '{serverId}' should run and does not; reconciling starts it again. Its error log is in {StateDirectoryOf(serverId)}.")
            : new ServerStatus(serverId, ServerState.Stopped, record.Endpoint, used, size, null);
    }

    /// <summary>Starts the server unless it runs; records where it listens and which process it is.</summary>
    private async Task<LocalServerRecord> EnsureRunningAsync(LocalServerRecord record, CancellationToken cancellationToken)
    {
        var serverId = record.Spec.ServerId;
        ThrowIfDataMissing(record);
        if (IsRunning(record))
        {
            return record;
        }

        if (started.TryRemove(serverId, out var exited))
        {
            await exited.DisposeAsync().ConfigureAwait(false);
        }

        var tried = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            // Only a server that has never run may move: clients know the address of one that has.
            var mayMove = !record.Provisioned && record.Port == options.PreferredPort && attempt < MaxAddressAttempts;
            try
            {
                // StartAsync reports ready only once this server holds the address, never another
                // server that already answers there, so the process is the server's own.
                var server = await MariaDbServer.StartAsync(ServerOptionsFor(record), cancellationToken).ConfigureAwait(false);
                started[serverId] = server;
                record = record with
                {
                    Port = server.Port,
                    Provisioned = true,
                    ProcessId = server.ProcessId,
                    ConfigurationFile = server.ConfigurationFilePath,
                    DataDirectory = server.DataDirectory,
                    TlsCaCertificatePath = server.TlsCaCertificatePath,
                    StartedParameters = record.Parameters,
                };
                record.Write(RecordPath(serverId));
                LocalDatabasePlatformLog.Started(logger, serverId, server.Host, server.Port, server.ProcessId);
                return record;
            }
            catch (MariaDbServerStartException e) when (mayMove && e.ErrorLogTail.Contains("Address already in use", StringComparison.Ordinal))
            {
                // The address was free when it was claimed; another process bound it since.
            }

            LocalDatabasePlatformLog.AddressTaken(logger, serverId, record.Host, options.PreferredPort);
            tried.Add(record.Host);
            ReleaseAddress(record);
            record = ReserveAddress(record.Spec, tried);
        }
    }

    private MariaDbServerOptions ServerOptionsFor(LocalServerRecord record) => new()
    {
        Name = record.Spec.ServerId,
        ServerId = record.Spec.MySqlServerId,
        EnableTls = true,
        ExtraSettings = SettingsOf(record),
        ReplicatedDatabases = record.ReplicatedDatabases,
        StateDirectory = StateDirectoryOf(record.Spec.ServerId),
        AdminPasswordFile = secrets.PathOf(record.Spec.AdminSecretId),
        BindAddress = record.Host,
        Port = record.Port,
        Guarded = false,
        DeleteStateOnDispose = false,
        StartTimeout = options.StartTimeout,
        StopTimeout = options.StopTimeout,
        Logger = options.Logger,
    };

    /// <summary>The flavor's settings, with the control plane's parameters over them.</summary>
    private static Dictionary<string, string> SettingsOf(LocalServerRecord record)
    {
        var settings = new Dictionary<string, string>(MariaDbFlavorSettings.For(record.Spec), StringComparer.Ordinal);
        foreach (var (name, value) in record.Parameters)
        {
            settings[name] = value;
        }

        return settings;
    }

    /// <summary>
    /// Picks the server's address and writes its first record: a loopback address of its own on the
    /// preferred port (see <see cref="LoopbackAddress"/>), not in <paramref name="excluded"/>; otherwise
    /// 127.0.0.1 with a port chosen at the first start.
    /// </summary>
    private LocalServerRecord ReserveAddress(ServerSpec spec, IReadOnlySet<string> excluded)
    {
        lock (addressLock)
        {
            Directory.CreateDirectory(serversDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var recordPath = RecordPath(spec.ServerId);
            var host = LoopbackAddress.Claim(options.PreferredPort, recordPath, excluded);
            var record = new LocalServerRecord(
                spec,
                host ?? FallbackHost,
                host is null ? null : options.PreferredPort,
                Provisioned: false,
                ShouldRun: true,
                ProcessId: 0,
                ConfigurationFile: null,
                DataDirectory: null,
                TlsCaCertificatePath: null);
            record.Write(recordPath);
            return record;
        }
    }

    private void ReleaseAddress(LocalServerRecord record)
    {
        if (record.Port is { } port)
        {
            LoopbackAddress.Release(record.Host, port, RecordPath(record.Spec.ServerId));
        }
    }

    /// <summary>A running server's record and endpoint; call under the server's lock.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="purpose">What the caller is about to do, for the message when the server does not run.</param>
    private (LocalServerRecord Record, ServerEndpoint Endpoint) RunningEndpoint(string serverId, string purpose)
    {
        var record = RequireRecord(serverId);
        ThrowIfDataMissing(record);
        return IsRunning(record) && record.Endpoint is { } endpoint
            ? (record, endpoint)
            : throw new InvalidOperationException($"Server '{serverId}' is not running; start it before {purpose}.{WhyNotRunning(record)}");
    }

    /// <summary>
    /// Why a server that is not running stopped, for the message that says so: stopped on purpose, or its process ended (with
    /// its exit code) and the last lines of its error log, so a crash is diagnosed from the message alone.
    /// </summary>
    private string WhyNotRunning(LocalServerRecord record)
    {
        if (!record.ShouldRun)
        {
            return " It was stopped.";
        }

        if (!record.Provisioned)
        {
            return " It has not finished provisioning.";
        }

        var exit = started.TryGetValue(record.Spec.ServerId, out var server) && server.ExitCode is { } code
            ? string.Create(CultureInfo.InvariantCulture, $" with code {code}{(code > 128 ? $" (signal {code - 128})" : "")}")
            : "";
        var logFile = new MariaDbStateLayout(StateDirectoryOf(record.Spec.ServerId)).ErrorLog;
        var entries = ServerLogFile.ReadFrom(logFile, Math.Max(0, ServerLogFile.EndOffset(logFile) - ErrorLogTailBytes)).Split('\n').Where(IsSafeLogEntry).TakeLast(ErrorLogTailLines);
        return string.Create(CultureInfo.InvariantCulture,
            $" Its mariadbd (pid {record.ProcessId}) exited{exit} although it should run; the last entries of its error log ({logFile}):\n{string.Join('\n', entries)}");
    }

    /// <summary>
    /// A timestamped line of the error log that quotes no statement. A crash report and a replication error quote the
    /// statement, which may carry a password (CREATE USER … IDENTIFIED BY), and this text ends up in operation errors.
    /// </summary>
    private static bool IsSafeLogEntry(string line) =>
        line.Length > 0 && char.IsAsciiDigit(line[0])
        && !line.Contains("query", StringComparison.OrdinalIgnoreCase)
        && !line.Contains("identified", StringComparison.OrdinalIgnoreCase)
        && !line.Contains("password", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens a connection to a running server as its admin account, over TLS verified against the server's own CA
    /// (certificate and name); call under the server's lock. Not pooled: these are a few statements now and then.
    /// </summary>
    private async Task<MySqlConnection> OpenAdminConnectionAsync(string serverId, string purpose, CancellationToken cancellationToken)
    {
        var (record, endpoint) = RunningEndpoint(serverId, purpose);
        var password = await secrets.GetAsync(record.Spec.AdminSecretId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The admin secret '{record.Spec.AdminSecretId}' of server '{serverId}' is missing from the secret store.");
        var settings = new MySqlConnectionStringBuilder
        {
            Server = endpoint.Host,
            Port = checked((uint)endpoint.Port),
            UserID = MariaDbServer.AdminUserName,
            Password = password,
            SslMode = MySqlSslMode.VerifyFull,
            SslCa = endpoint.TlsCaCertificatePath ?? string.Empty,
        };
        return await AdminConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
    }

    private async Task StopProcessAsync(LocalServerRecord record, CancellationToken cancellationToken)
    {
        var serverId = record.Spec.ServerId;
        if (started.TryRemove(serverId, out var server))
        {
            if (!server.HasExited)
            {
                LocalDatabasePlatformLog.Stopping(logger, serverId, server.ProcessId);
            }

            await server.StopAsync(cancellationToken).ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
            return;
        }

        // Adopted from an earlier host run: no handle, so stop it the way MariaDbServer does.
        if (IsRunning(record))
        {
            LocalDatabasePlatformLog.Stopping(logger, serverId, record.ProcessId);
            LinuxProcess.Signal(record.ProcessId, LinuxProcess.SigTerm);
            if (!await LinuxProcess.WaitForDeathAsync(record.ProcessId, options.StopTimeout, cancellationToken).ConfigureAwait(false))
            {
                LinuxProcess.Signal(record.ProcessId, LinuxProcess.SigKill);
                await LinuxProcess.WaitForDeathAsync(record.ProcessId, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Whether the server's <c>mariadbd</c> runs: the handle this platform started it with, or, for one
    /// started by an earlier host run, a live process with the recorded pid whose command line names the
    /// server's configuration file (so a recycled pid is never taken for the server).
    /// </summary>
    private bool IsRunning(LocalServerRecord record)
    {
        if (started.TryGetValue(record.Spec.ServerId, out var server))
        {
            return !server.HasExited;
        }

        return record.ProcessId > 0
            && record.ConfigurationFile is { } configurationFile
            && LinuxProcess.IsAlive(record.ProcessId)
            && LinuxProcess.CommandLine(record.ProcessId).Contains($"--defaults-file={configurationFile}", StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether the running server was started with <paramref name="spec"/>'s flavor settings: its configuration file holds them.
    /// A resize that crashed after recording the new spec and before the restart finds here that it still has to restart.
    /// </summary>
    private static bool RunsWithFlavor(LocalServerRecord record, ServerSpec spec)
    {
        if (record.ConfigurationFile is not { } path || !File.Exists(path))
        {
            return false;
        }

        var lines = File.ReadAllLines(path).Select(line => line.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        return MariaDbFlavorSettings.For(spec).All(setting => lines.Contains($"{setting.Key}={setting.Value}"));
    }

    private static void ThrowIfDataMissing(LocalServerRecord record)
    {
        if (record.Provisioned && !Directory.Exists(record.DataDirectory))
        {
            throw new ServerNotFoundException(record.Spec.ServerId,
                $"The data directory of server '{record.Spec.ServerId}' ({record.DataDirectory}) is gone, probably deleted outside the platform. Restore the server from a backup, or delete it.");
        }
    }

    private LocalServerRecord RequireRecord(string serverId) =>
        ReadRecord(serverId) ?? throw new ServerNotFoundException(serverId, $"There is no server '{serverId}' on this host; provision it first.");

    private LocalServerRecord? ReadRecord(string serverId) => LocalServerRecord.TryRead(RecordPath(serverId));

    private static long UsedBytes(string? directory)
    {
        if (directory is null)
        {
            return 0;
        }

        try
        {
            return new DirectoryInfo(directory)
                .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                .Sum(file => file.Length);
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
    }

    private async Task<T> WithServerLockAsync<T>(string serverId, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        LocalFileName.Validate(serverId, nameof(serverId), MaxServerIdLength);
        var gate = serverLocks.GetOrAdd(serverId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
