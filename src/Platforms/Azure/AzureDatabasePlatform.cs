using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Serverless.Platforms.Azure;

/// <summary>
/// The Azure platform: every server is an Azure Database for MySQL Flexible Server of one resource group, driven
/// through ARM by a <see cref="FlexibleServerClient"/>; admin passwords live in the <see cref="ISecretStore"/> (Key Vault).
/// </summary>
/// <remarks>
/// <para>
/// Operations that take minutes (create, replica, start, stop, restart, resize, delete) are sequences of ARM operations,
/// run through <see cref="PollAsync"/>: each poll asks ARM once about the step under way and starts the next one when it
/// has finished. The <see cref="PlatformOperation"/> in between holds the ARM operation's token, so a host that restarts
/// continues polling it. ARM throttling (<see cref="ArmThrottledException"/>) does not fail an operation: the operation is
/// returned unchanged, to be polled again after ARM's <c>Retry-After</c>.
/// </para>
/// <para>
/// Servers are named by <see cref="AzureServerNames"/> and tagged with the control plane's server id and the secret id
/// of their admin password (<see cref="AzureServerTags"/>), which is how <see cref="GetAdminAccessAsync"/> and
/// <see cref="ReconcileAsync"/> find what they need without a record of their own.
/// </para>
/// </remarks>
public sealed partial class AzureDatabasePlatform : IDatabasePlatform
{
    /// <summary>The firewall rule that admits Azure services (the Function App) to a server with public access.</summary>
    public const string AllowAzureServicesRule = "AllowAllWindowsAzureIps";

    private readonly FlexibleServerClient _client;
    private readonly ISecretStore _secrets;
    private readonly AzureDatabasePlatformOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the platform; nothing is sent until an operation is called.</summary>
    /// <param name="client">The ARM client of the servers' resource group.</param>
    /// <param name="secrets">Where admin passwords are kept.</param>
    /// <param name="options">What new servers look like.</param>
    public AzureDatabasePlatform(FlexibleServerClient client, ISecretStore secrets, AzureDatabasePlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _secrets = secrets;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public bool CreatesReplicasNatively => true;

    /// <summary>The Flexible Server name of a server id in this platform's resource group.</summary>
    /// <param name="serverId">The control plane's server id.</param>
    /// <returns>The server name.</returns>
    public string ServerNameOf(string serverId) => AzureServerNames.For(_client.ResourceGroup, serverId);

    /// <inheritdoc />
    public async Task<ServerEndpoint> ProvisionAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        await RunToCompletionAsync(await BeginProvisionAsync(spec, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var status = await GetStatusAsync(spec.ServerId, cancellationToken).ConfigureAwait(false);
        return status.Endpoint ?? throw new InvalidOperationException($"Flexible Server '{ServerNameOf(spec.ServerId)}' has no host name yet.");
    }

    /// <inheritdoc />
    public async Task<ServerAdminAccess> GetAdminAccessAsync(string serverId, CancellationToken cancellationToken)
    {
        var server = await RequireServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return AdminAccessOf(serverId, server);
    }

    /// <inheritdoc />
    public async Task StartAsync(string serverId, CancellationToken cancellationToken) =>
        await RunToCompletionAsync(await BeginStartAsync(serverId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task StopAsync(string serverId, CancellationToken cancellationToken) =>
        await RunToCompletionAsync(await BeginStopAsync(serverId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task RestartAsync(string serverId, CancellationToken cancellationToken) =>
        await RunToCompletionAsync(await BeginRestartAsync(serverId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task ResizeAsync(string serverId, FlavorSpec? flavor, int? volumeGigabytes, CancellationToken cancellationToken) =>
        await RunToCompletionAsync(await BeginResizeAsync(serverId, flavor, volumeGigabytes, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DeleteAsync(string serverId, CancellationToken cancellationToken) =>
        await RunToCompletionAsync(await BeginDeleteAsync(serverId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<ServerStatus> GetStatusAsync(string serverId, CancellationToken cancellationToken)
    {
        var server = await _client.GetServerAsync(ServerNameOf(serverId), cancellationToken).ConfigureAwait(false);
        return await StatusOfAsync(serverId, server, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lists the servers of the resource group tagged as this control plane's and reports each one's state. Nothing needs
    /// starting: Azure keeps servers running (and starts a stopped one by itself after 30 days).
    /// </summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The status of every server tagged with a server id.</returns>
    public async Task<IReadOnlyList<ServerStatus>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var servers = await _client.ListServersAsync(cancellationToken).ConfigureAwait(false);
        var statuses = new List<ServerStatus>();
        foreach (var server in servers.OrderBy(server => server.Name, StringComparer.Ordinal))
        {
            if (server.Tags.TryGetValue(AzureServerTags.ServerId, out var serverId) && ServerNameOf(serverId) == server.Name)
            {
                statuses.Add(await StatusOfAsync(serverId, server, cancellationToken).ConfigureAwait(false));
            }
        }

        return statuses;
    }

    /// <inheritdoc />
    public async Task<PlatformOperation> BeginProvisionAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Flavor.MaxConnections <= 0 || spec.VolumeSizeGigabytes <= 0)
        {
            throw new ArgumentException($"Server '{spec.ServerId}' needs positive max_connections and volume size.", nameof(spec));
        }

        var sku = FlexibleServerSizes.For(spec.Flavor);
        var name = ServerNameOf(spec.ServerId);
        if (await _client.GetServerAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            // A re-run finds its own server (same id tag, same size) and takes up the operation; anything else is refused.
            if (!existing.Tags.TryGetValue(AzureServerTags.ServerId, out var taggedId) || taggedId != spec.ServerId || existing.Sku?.Name != sku.Name)
            {
                throw new InvalidOperationException(
                    $"Flexible Server '{name}' exists with another server id or size ({existing.Sku?.Name}); delete it first or use another server id.");
            }
        }

        await _secrets.CreateAsync(spec.AdminSecretId, AzureAdminPassword.Create(), cancellationToken).ConfigureAwait(false);
        AzureOperationStep[] steps = _options.PrivateNetwork is null
            ? [AzureOperationStep.CreateServer, AzureOperationStep.AllowAzureServices, AzureOperationStep.SetParameters]
            : [AzureOperationStep.CreateServer, AzureOperationStep.SetParameters];
        return await BeginAsync(spec.ServerId, PlatformOperationKind.Provision, new AzureOperationState { Steps = steps, Spec = spec, AdminSecretId = spec.AdminSecretId }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<PlatformOperation> BeginStartAsync(string serverId, CancellationToken cancellationToken) =>
        BeginAsync(serverId, PlatformOperationKind.Start, new AzureOperationState { Steps = [AzureOperationStep.Start] }, cancellationToken);

    /// <inheritdoc />
    public Task<PlatformOperation> BeginStopAsync(string serverId, CancellationToken cancellationToken) =>
        BeginAsync(serverId, PlatformOperationKind.Stop, new AzureOperationState { Steps = [AzureOperationStep.Stop] }, cancellationToken);

    /// <inheritdoc />
    public Task<PlatformOperation> BeginRestartAsync(string serverId, CancellationToken cancellationToken) =>
        BeginAsync(serverId, PlatformOperationKind.Restart, new AzureOperationState { Steps = [AzureOperationStep.Restart] }, cancellationToken);

    /// <inheritdoc />
    public async Task<PlatformOperation> BeginDeleteAsync(string serverId, CancellationToken cancellationToken)
    {
        // The admin secret's id is on the server; once the server is gone, the catalog's own list of secrets is what remains.
        var server = await _client.GetServerAsync(ServerNameOf(serverId), cancellationToken).ConfigureAwait(false);
        var secretId = server?.Tags.GetValueOrDefault(AzureServerTags.AdminSecretId);
        AzureOperationStep[] steps = secretId is null
            ? [AzureOperationStep.DeleteServer]
            : [AzureOperationStep.DeleteServer, AzureOperationStep.DeleteAdminSecret];
        return await BeginAsync(serverId, PlatformOperationKind.Delete, new AzureOperationState { Steps = steps, AdminSecretId = secretId }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Begins changing the compute size (from the flavor, <see cref="FlexibleServerSizes"/>) and/or the storage, then
    /// <c>max_connections</c> when the flavor changes. Storage only grows on Azure.
    /// </summary>
    /// <inheritdoc />
    public Task<PlatformOperation> BeginResizeAsync(string serverId, FlavorSpec? flavor, int? volumeSizeGigabytes, CancellationToken cancellationToken)
    {
        if (flavor is null && volumeSizeGigabytes is null)
        {
            throw new ArgumentException($"Resizing server '{serverId}' needs a new flavor, a new volume size, or both.", nameof(flavor));
        }

        AzureOperationStep[] steps = flavor is null ? [AzureOperationStep.Scale] : [AzureOperationStep.Scale, AzureOperationStep.SetParameters];
        return BeginAsync(
            serverId, PlatformOperationKind.Resize, new AzureOperationState { Steps = steps, Flavor = flavor, VolumeSizeGigabytes = volumeSizeGigabytes }, cancellationToken);
    }

    /// <summary>
    /// Begins an Azure read replica (<c>createMode: Replica</c>) of <paramref name="sourceServerId"/>: Azure seeds it from
    /// the source's backup and replicates by binlog itself. Its compute size comes from the flavor, or is the source's when
    /// the flavor maps to Burstable (which cannot replicate); its admin password is the source's, copied to the replica's
    /// secret id.
    /// </summary>
    /// <inheritdoc />
    public async Task<PlatformOperation> BeginCreateReplicaAsync(ServerSpec replica, string sourceServerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var source = await RequireServerAsync(sourceServerId, cancellationToken).ConfigureAwait(false);
        var sourceAccess = AdminAccessOf(sourceServerId, source, requireReady: false);
        var password = await _secrets.GetAsync(sourceAccess.PasswordSecretId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The admin secret '{sourceAccess.PasswordSecretId}' of server '{sourceServerId}' is missing from the secret store.");
        await _secrets.CreateAsync(replica.AdminSecretId, password, cancellationToken).ConfigureAwait(false);
        var state = new AzureOperationState { Steps = [AzureOperationStep.CreateReplica], Spec = replica, SourceServerId = sourceServerId, AdminSecretId = replica.AdminSecretId };
        return await BeginAsync(replica.ServerId, PlatformOperationKind.CreateReplica, state, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Begins stopping replication (<c>replicationRole: None</c>): the replica keeps what it has applied, becomes writable
    /// and can never replicate again.
    /// </summary>
    /// <inheritdoc />
    public Task<PlatformOperation> BeginStopReplicationAsync(string serverId, CancellationToken cancellationToken) =>
        BeginAsync(serverId, PlatformOperationKind.StopReplication, new AzureOperationState { Steps = [AzureOperationStep.StopReplication] }, cancellationToken);

    /// <inheritdoc />
    public Task<PlatformOperation> PollAsync(PlatformOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.State is not { } json)
        {
            return Task.FromResult(operation);
        }

        AzureOperationState? state;
        try
        {
            state = JsonSerializer.Deserialize(json, AzureOperationJsonContext.Default.AzureOperationState);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The {operation.Kind} operation of server '{operation.ServerId}' was not begun by the Azure platform.", nameof(operation), e);
        }

        return state is null
            ? throw new ArgumentException($"The {operation.Kind} operation of server '{operation.ServerId}' has no state.", nameof(operation))
            : AdvanceAsync(operation, state, cancellationToken);
    }

    private Task<PlatformOperation> BeginAsync(string serverId, PlatformOperationKind kind, AzureOperationState state, CancellationToken cancellationToken, bool restartRequired = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverId);
        return AdvanceAsync(new PlatformOperation(serverId, kind, null, TimeSpan.Zero) { RestartRequired = restartRequired }, state, cancellationToken);
    }

    /// <summary>
    /// Polls the step under way; when it has finished, starts the next one and polls it at once (ARM then says how long
    /// to wait); when none is left, the operation has completed. A throttled request leaves the operation where it is.
    /// </summary>
    private async Task<PlatformOperation> AdvanceAsync(PlatformOperation operation, AzureOperationState state, CancellationToken cancellationToken)
    {
        var name = ServerNameOf(operation.ServerId);
        while (true)
        {
            try
            {
                if (state.Current is { } token)
                {
                    var status = await PollStepAsync(state.Steps[state.Next], token, cancellationToken).ConfigureAwait(false);
                    if (status.State == ArmOperationState.InProgress)
                    {
                        return Pending(operation, state, status.RetryAfter);
                    }

                    if (status.State == ArmOperationState.Failed)
                    {
                        throw new InvalidOperationException(
                            $"{operation.Kind} of server '{operation.ServerId}' (Flexible Server '{name}') failed in step {state.Steps[state.Next]}: {status.ErrorCode}: {status.ErrorMessage}");
                    }

                    state = state with { Next = state.Next + 1, Current = null };
                    continue;
                }

                if (state.Next >= state.Steps.Length)
                {
                    // What the begin found (RestartRequired) stays with the operation to its end.
                    return operation with { State = null, PollAfter = TimeSpan.Zero };
                }

                var step = state.Steps[state.Next];
                AzureDatabasePlatformLog.StepStarted(_logger, operation.Kind, operation.ServerId, name, step);
                var started = await StartStepAsync(step, name, state, cancellationToken).ConfigureAwait(false);
                state = started is null ? state with { Next = state.Next + 1 } : state with { Current = started };
            }
            catch (ArmThrottledException e)
            {
                AzureDatabasePlatformLog.Throttled(_logger, operation.Kind, operation.ServerId, e.RetryAfter);
                return Pending(operation, state, e.RetryAfter);
            }
        }
    }

    private async Task<ArmOperationStatus> PollStepAsync(AzureOperationStep step, ArmOperationToken token, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.PollAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (ArmResourceNotFoundException) when (step == AzureOperationStep.DeleteServer)
        {
            // The operation's record can vanish with the server it deleted.
            return ArmOperationStatus.Succeeded;
        }
    }

    /// <summary>Starts one step; null when the step is done at once (no ARM operation to follow).</summary>
    private async Task<ArmOperationToken?> StartStepAsync(AzureOperationStep step, string name, AzureOperationState state, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case AzureOperationStep.CreateServer:
                var spec = state.Spec!;
                var password = await _secrets.GetAsync(spec.AdminSecretId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The admin secret '{spec.AdminSecretId}' of server '{spec.ServerId}' is missing from the secret store.");
                var definition = new FlexibleServerDefinition
                {
                    Name = name,
                    Location = _options.Location,
                    Version = _options.Version,
                    Sku = FlexibleServerSizes.For(spec.Flavor),
                    StorageSizeGB = Math.Max(20, spec.VolumeSizeGigabytes),
                    AdministratorLogin = _options.AdministratorLogin,
                    BackupRetentionDays = _options.BackupRetentionDays,
                    PrivateNetwork = _options.PrivateNetwork,
                    Tags = Tags(spec.ServerId, spec.AdminSecretId),
                };
                return await _client.BeginCreateServerAsync(definition, password, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.AllowAzureServices:
                return await _client.BeginCreateFirewallRuleAsync(name, AllowAzureServicesRule, IPAddress.Any, IPAddress.Any, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.SetParameters:
                return await _client.BeginUpdateParametersAsync(name, ParametersOf(state), cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.CreateReplica:
                var replica = state.Spec!;
                var sku = FlexibleServerSizes.For(replica.Flavor);
                return await _client.BeginCreateReplicaAsync(
                    new ReplicaDefinition
                    {
                        Name = name,
                        SourceServerName = ServerNameOf(state.SourceServerId!),
                        Sku = sku.Tier == FlexibleServerTier.Burstable ? null : sku,
                        Tags = Tags(replica.ServerId, replica.AdminSecretId),
                    },
                    cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.StopReplication:
                return await _client.BeginStopReplicationAsync(name, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.Start:
                return await _client.BeginStartServerAsync(name, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.Stop:
                return await _client.BeginStopServerAsync(name, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.Restart:
                return await _client.BeginRestartServerAsync(name, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.Scale:
                return await _client.BeginScaleAsync(
                    name, state.Flavor is null ? null : FlexibleServerSizes.For(state.Flavor), state.VolumeSizeGigabytes, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.DeleteServer:
                return await _client.BeginDeleteServerAsync(name, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.SetFirewallRule or AzureOperationStep.DeleteFirewallRule:
                return await StartFirewallStepAsync(step, name, state, cancellationToken).ConfigureAwait(false);
            case AzureOperationStep.DeleteAdminSecret:
                await _secrets.DeleteAsync(state.AdminSecretId!, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step.");
        }
    }

    /// <summary>
    /// The server parameters a step sets: those the operation names (read-only, configuration groups), or else
    /// <c>max_connections</c> of the flavor and, for a new server, the binlog settings.
    /// </summary>
    private Dictionary<string, string> ParametersOf(AzureOperationState state)
    {
        if (state.Parameters is { } named)
        {
            return new Dictionary<string, string>(named, StringComparer.Ordinal);
        }

        var flavor = state.Flavor ?? state.Spec?.Flavor ?? throw new InvalidOperationException("Setting server parameters needs a flavor.");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["max_connections"] = flavor.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (state.Spec is not null)
        {
            if (_options.BinlogExpireSeconds is { } seconds)
            {
                parameters["binlog_expire_logs_seconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (_options.BinlogRowImage is { } rowImage)
            {
                parameters["binlog_row_image"] = rowImage;
            }
        }

        return parameters;
    }

    private static Dictionary<string, string> Tags(string serverId, string adminSecretId) => new(StringComparer.Ordinal)
    {
        [AzureServerTags.ServerId] = serverId,
        [AzureServerTags.AdminSecretId] = adminSecretId,
    };

    private static PlatformOperation Pending(PlatformOperation operation, AzureOperationState state, TimeSpan pollAfter) =>
        operation with { State = JsonSerializer.Serialize(state, AzureOperationJsonContext.Default.AzureOperationState), PollAfter = pollAfter };

    /// <summary>Runs a begun operation to its end in this call, for callers outside an orchestration.</summary>
    private async Task RunToCompletionAsync(PlatformOperation operation, CancellationToken cancellationToken)
    {
        while (!operation.IsCompleted)
        {
            await Task.Delay(operation.PollAfter, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            operation = await PollAsync(operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<FlexibleServer> RequireServerAsync(string serverId, CancellationToken cancellationToken) =>
        await _client.GetServerAsync(ServerNameOf(serverId), cancellationToken).ConfigureAwait(false)
            ?? throw new ServerNotFoundException(serverId, $"There is no Flexible Server '{ServerNameOf(serverId)}' for server '{serverId}'; provision it first.");

    private ServerAdminAccess AdminAccessOf(string serverId, FlexibleServer server, bool requireReady = true)
    {
        if (requireReady && server.State != FlexibleServerState.Ready)
        {
            throw new InvalidOperationException($"Flexible Server '{server.Name}' of server '{serverId}' is {server.StateText ?? server.State.ToString()}, not ready; start it first.");
        }

        var secretId = server.Tags.GetValueOrDefault(AzureServerTags.AdminSecretId)
            ?? throw new InvalidOperationException($"Flexible Server '{server.Name}' has no '{AzureServerTags.AdminSecretId}' tag: it was not created by this control plane.");
        var host = server.FullyQualifiedDomainName
            ?? throw new InvalidOperationException($"Flexible Server '{server.Name}' has no host name yet.");

        // Azure's server certificates chain to public roots (DigiCert Global Root G2, Microsoft RSA Root CA 2017): no CA to hand out.
        return new ServerAdminAccess(host, server.Port, server.AdministratorLogin ?? _options.AdministratorLogin, secretId, CaCertificatePem: null);
    }

    private async Task<ServerStatus> StatusOfAsync(string serverId, FlexibleServer? server, CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return new ServerStatus(serverId, ServerState.Missing, null, 0, 0, $"There is no Flexible Server '{ServerNameOf(serverId)}' for server '{serverId}'.");
        }

        var size = (long)server.StorageSizeGB << 30;
        var endpoint = server.FullyQualifiedDomainName is { } host ? new ServerEndpoint(host, server.Port, TlsCaCertificatePath: null) : null;
        var busy = $"Flexible Server '{server.Name}' is {server.StateText ?? server.State.ToString()}.";
        var (state, message) = server.State switch
        {
            FlexibleServerState.Ready => (ServerState.Running, null),
            FlexibleServerState.Stopped => (ServerState.Stopped, null),
            FlexibleServerState.Starting => (ServerState.Stopped, busy),
            FlexibleServerState.Dropping => (ServerState.Missing, busy),
            FlexibleServerState.Disabled => (ServerState.Failed, $"Azure has disabled Flexible Server '{server.Name}' (for example for a subscription problem); see the Azure portal."),
            _ => (ServerState.Running, busy),
        };
        var used = server.State == FlexibleServerState.Ready ? await ReadVolumeUsedAsync(serverId, server, cancellationToken).ConfigureAwait(false) : 0;
        return new ServerStatus(serverId, state, endpoint, used, size, message);
    }

    /// <summary>
    /// The bytes the server's tables and indexes take, over SQL: the Azure Monitor metric would need a metrics read
    /// permission the app's identity does not have. 0 when the server cannot be reached (the status is still worth
    /// reporting).
    /// </summary>
    private async Task<long> ReadVolumeUsedAsync(string serverId, FlexibleServer server, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAdminConnectionAsync(serverId, server, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // MySQL 8 caches table statistics for a day unless told otherwise.
                var command = new MySqlCommand(
                    "SET SESSION information_schema_stats_expiry = 0; SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES", connection);
                await using (command.ConfigureAwait(false))
                {
                    return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            AzureDatabasePlatformLog.VolumeUnreadable(_logger, serverId, e);
            return 0;
        }
    }

    private async Task<MySqlConnection> OpenAdminConnectionAsync(string serverId, CancellationToken cancellationToken) =>
        await OpenAdminConnectionAsync(serverId, await RequireServerAsync(serverId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Opens a connection as the server's admin over TLS, verified (certificate and name) against the system's roots.</summary>
    private async Task<MySqlConnection> OpenAdminConnectionAsync(string serverId, FlexibleServer server, CancellationToken cancellationToken)
    {
        var access = AdminAccessOf(serverId, server);
        var password = await _secrets.GetAsync(access.PasswordSecretId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The admin secret '{access.PasswordSecretId}' of server '{serverId}' is missing from the secret store.");
        var settings = new MySqlConnectionStringBuilder
        {
            Server = access.Host,
            Port = checked((uint)access.Port),
            UserID = access.User,
            Password = password,
            SslMode = MySqlSslMode.VerifyFull,
            ConnectionTimeout = checked((uint)Math.Ceiling(_options.SqlConnectTimeout.TotalSeconds)),
        };
        return await AdminConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
    }
}
