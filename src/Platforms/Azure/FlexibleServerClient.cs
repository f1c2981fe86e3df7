using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Drives Azure Database for MySQL Flexible Servers of one resource group through Azure Resource Manager
/// (api-version <see cref="ApiVersion"/>): create servers and read replicas, stop replication, change server
/// parameters, firewall rules and size, start, stop, restart, delete, and read state and endpoint.
/// </summary>
/// <remarks>
/// <para>
/// Long-running operations are split so that a durable orchestration can survive a host restart in the middle of one:
/// each <c>Begin…Async</c> method sends the request and returns an <see cref="ArmOperationToken"/> (the polling URL
/// ARM answered with, the resource, the kind), and <see cref="PollAsync"/> asks ARM once where that operation stands.
/// The token is all that needs keeping; a new client, in a new process, continues from it.
/// </para>
/// <para>
/// Each <c>Begin…Async</c> is safe to run again, as a re-run activity does: creating a server that exists, stopping
/// replication on a standalone server, starting a running one or deleting a missing one sends nothing and returns a
/// token that polls the resource's own state. An existing server is never overwritten.
/// </para>
/// <para>
/// Built on Azure.ResourceManager's generic resources (GET, create, delete) with the api-version pinned, and on the
/// ARM client's own pipeline for what those have no method for (PATCH with an exact body, POST actions, replica
/// lists, polls). Requests answered 408, 429 or 5xx are retried after ARM's <c>Retry-After</c>; errors become
/// <see cref="ArmRequestException"/> and its subclasses with ARM's code and message. The administrator password
/// travels in the create request's body only: it is in no token, log line or exception.
/// </para>
/// </remarks>
public sealed partial class FlexibleServerClient
{
    /// <summary>The api-version of every Microsoft.DBforMySQL request: the newest GA one.</summary>
    public const string ApiVersion = "2024-12-30";

    private const string ServerProvider = "Microsoft.DBforMySQL/flexibleServers";

    private static readonly ResourceType[] PinnedResourceTypes =
    [
        new(ServerProvider),
        new($"{ServerProvider}/configurations"),
        new($"{ServerProvider}/firewallRules"),
    ];

    private readonly ArmClient _arm;
    private readonly ArmPipelineResource _pipeline;
    private readonly FlexibleServerClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResourceIdentifier _resourceGroupId;

    /// <summary>Creates the client.</summary>
    /// <param name="credential">Authenticates to ARM, e.g. the app's managed identity (see <see cref="AzureCredentials"/>).</param>
    /// <param name="options">Subscription, resource group, endpoint and retry settings.</param>
    /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
    public FlexibleServerClient(TokenCredential credential, FlexibleServerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        if (!Guid.TryParse(options.SubscriptionId, out _))
        {
            throw new ArgumentException($"The subscription id '{options.SubscriptionId}' is not a GUID.", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.ResourceGroup, nameof(options));
        if (!options.ResourceManagerEndpoint.IsAbsoluteUri || options.ResourceManagerEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("The Resource Manager endpoint must be an absolute https URL.", nameof(options));
        }

        _options = options;
        _time = options.TimeProvider;
        _logger = options.Logger ?? NullLogger.Instance;
        var armOptions = new ArmClientOptions
        {
            Environment = new ArmEnvironment(options.ResourceManagerEndpoint, options.Audience ?? options.ResourceManagerEndpoint.ToString()),
            RetryPolicy = new ArmRetryPolicy(options),
        };

        // Request and response bodies stay out of the SDK's diagnostics: a create body holds the administrator password.
        armOptions.Diagnostics.IsLoggingContentEnabled = false;
        if (options.Transport is not null)
        {
            armOptions.Transport = options.Transport;
        }

        // Without a pinned version the client asks the provider for its list and takes the first entry, a preview.
        foreach (var type in PinnedResourceTypes)
        {
            armOptions.SetApiVersion(type, ApiVersion);
        }

        _arm = new ArmClient(credential, options.SubscriptionId, armOptions);
        _resourceGroupId = new ResourceIdentifier($"/subscriptions/{options.SubscriptionId}/resourceGroups/{options.ResourceGroup}");
        _pipeline = new ArmPipelineResource(_arm, _resourceGroupId);
    }

    /// <summary>Gets the resource group whose servers this client manages.</summary>
    public string ResourceGroup => _options.ResourceGroup;

    /// <summary>The ARM id of a server of this client's resource group.</summary>
    /// <param name="serverName">The server name.</param>
    /// <returns>The id, e.g. <c>/subscriptions/…/resourceGroups/…/providers/Microsoft.DBforMySQL/flexibleServers/db1</c>.</returns>
    /// <exception cref="ArgumentException">The name breaks Azure's rules.</exception>
    public string GetServerId(string serverName) => ServerId(serverName).ToString();

    /// <summary>Starts creating a server; does nothing but return a token when a server of that name exists.</summary>
    /// <param name="server">What to create.</param>
    /// <param name="administratorPassword">The administrator password: sent in the request body only.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    public async Task<ArmOperationToken> BeginCreateServerAsync(FlexibleServerDefinition server, string administratorPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(administratorPassword);
        var id = ServerId(server.Name);
        var action = $"Creating Flexible Server '{server.Name}'";
        if (await TryGetResourceAsync(id, action, cancellationToken).ConfigureAwait(false) is not null)
        {
            return TakenUp(ArmOperationKind.CreateServer, id, "the server exists");
        }

        var properties = new ServerProperties
        {
            CreateMode = "Default",
            Version = server.Version,
            AdministratorLogin = server.AdministratorLogin,
            AdministratorLoginPassword = administratorPassword,
            AvailabilityZone = server.AvailabilityZone,
            Storage = new StorageBody
            {
                StorageSizeGB = server.StorageSizeGB,
                AutoGrow = Switch(server.StorageAutoGrow),
                AutoIoScaling = "Enabled",
            },
            Backup = new BackupBody { BackupRetentionDays = server.BackupRetentionDays, GeoRedundantBackup = Switch(server.GeoRedundantBackup) },
            HighAvailability = new HighAvailabilityBody { Mode = server.HighAvailability.ToString() },
            Network = server.PrivateNetwork is { } network
                ? new NetworkBody
                {
                    PublicNetworkAccess = "Disabled",
                    DelegatedSubnetResourceId = network.DelegatedSubnetId,
                    PrivateDnsZoneResourceId = network.PrivateDnsZoneId,
                }
                : new NetworkBody { PublicNetworkAccess = "Enabled" },
        };
        var data = ServerData(server.Location, server.Sku, server.Tags, properties);
        return await PutServerAsync(ArmOperationKind.CreateServer, id, data, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts creating a read replica of a server of this resource group; does nothing but return a token when a
    /// server of the replica's name exists. Azure seeds the replica from the source's backup and replicates by binlog.
    /// </summary>
    /// <param name="replica">What to create.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmResourceNotFoundException">The source server does not exist.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request (e.g. a Burstable source, or ten replicas already).</exception>
    public async Task<ArmOperationToken> BeginCreateReplicaAsync(ReplicaDefinition replica, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var id = ServerId(replica.Name);
        var sourceId = ServerId(replica.SourceServerName);
        var action = $"Creating read replica '{replica.Name}' of Flexible Server '{replica.SourceServerName}'";
        if (await TryGetResourceAsync(id, action, cancellationToken).ConfigureAwait(false) is not null)
        {
            return TakenUp(ArmOperationKind.CreateReplica, id, "the server exists");
        }

        var source = await GetExistingServerAsync(sourceId, action, cancellationToken).ConfigureAwait(false);
        var properties = new ServerProperties { CreateMode = "Replica", SourceServerResourceId = sourceId.ToString() };
        var data = ServerData(replica.Location ?? source.Location, replica.Sku ?? source.Sku, replica.Tags, properties);
        return await PutServerAsync(ArmOperationKind.CreateReplica, id, data, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts stopping replication on a replica (<c>replicationRole: None</c>): it keeps the data it has applied, becomes
    /// writable and standalone, and can never replicate again. Returns a finished token when the server does not replicate.
    /// </summary>
    /// <param name="serverName">The replica.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmResourceNotFoundException">The server does not exist.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    public async Task<ArmOperationToken> BeginStopReplicationAsync(string serverName, CancellationToken cancellationToken)
    {
        var id = ServerId(serverName);
        var action = $"Stopping replication on Flexible Server '{serverName}'";
        var server = await GetExistingServerAsync(id, action, cancellationToken).ConfigureAwait(false);
        if (server.ReplicationRole != ReplicationRole.Replica)
        {
            return Finished(ArmOperationKind.StopReplication, id, "the server does not replicate");
        }

        var body = new ServerPatch { Properties = new ServerPatchProperties { ReplicationRole = nameof(ReplicationRole.None) } };
        return await SendOperationAsync(
            ArmOperationKind.StopReplication, id, RequestMethod.Patch, ResourceUrl(id), Json(body, ArmRequestJsonContext.Default.ServerPatch), action, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Starts setting server parameters in one batch (<c>updateConfigurations</c>), as user overrides. Static parameters
    /// take effect after a restart: <see cref="GetParameterAsync"/> tells which wait for one.
    /// </summary>
    /// <param name="serverName">The server.</param>
    /// <param name="parameters">Parameter name (MySQL variable) to value, e.g. <c>binlog_expire_logs_seconds</c> → <c>259200</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmRequestException">ARM refused a value (its message names it).</exception>
    public async Task<ArmOperationToken> BeginUpdateParametersAsync(string serverName, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var id = ServerId(serverName);
        if (parameters.Count == 0)
        {
            throw new ArgumentException("At least one parameter is needed.", nameof(parameters));
        }

        var items = new List<ConfigurationBatchItem>(parameters.Count);
        foreach (var (name, value) in parameters.OrderBy(parameter => parameter.Key, StringComparer.Ordinal))
        {
            ValidateParameterName(name);
            ArgumentNullException.ThrowIfNull(value, nameof(parameters));
            items.Add(new ConfigurationBatchItem { Name = name, Properties = new ConfigurationValue { Value = value, Source = "user-override" } });
        }

        var action = $"Setting server parameters {string.Join(", ", items.Select(item => item.Name))} of Flexible Server '{serverName}'";
        return await SendOperationAsync(
            ArmOperationKind.UpdateParameters,
            id,
            RequestMethod.Post,
            ResourceUrl(id, "/updateConfigurations"),
            Json(new ConfigurationBatch { Value = items }, ArmRequestJsonContext.Default.ConfigurationBatch),
            action,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts changing a server's compute size, storage size, or both. Storage can only grow.</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="sku">The new compute size; null to keep it.</param>
    /// <param name="storageSizeGB">The new storage size in GiB; null to keep it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmRequestException">ARM refused the change (e.g. shrinking storage).</exception>
    public async Task<ArmOperationToken> BeginScaleAsync(string serverName, FlexibleServerSku? sku, int? storageSizeGB, CancellationToken cancellationToken)
    {
        var id = ServerId(serverName);
        if (sku is null && storageSizeGB is null)
        {
            throw new ArgumentException("Scaling needs a new compute size, a new storage size, or both.", nameof(sku));
        }

        var body = new ServerPatch
        {
            Sku = sku is null ? null : new SkuBody { Name = sku.Name, Tier = sku.Tier.ToString() },
            Properties = new ServerPatchProperties { Storage = storageSizeGB is null ? null : new StorageBody { StorageSizeGB = storageSizeGB } },
        };
        var action = $"Scaling Flexible Server '{serverName}'";
        return await SendOperationAsync(
            ArmOperationKind.Scale, id, RequestMethod.Patch, ResourceUrl(id), Json(body, ArmRequestJsonContext.Default.ServerPatch), action, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Starts a stopped server; returns a finished token when it is ready.</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmResourceNotFoundException">The server does not exist.</exception>
    public Task<ArmOperationToken> BeginStartServerAsync(string serverName, CancellationToken cancellationToken) =>
        BeginPowerActionAsync(serverName, ArmOperationKind.StartServer, "/start", FlexibleServerState.Ready, "Starting", cancellationToken);

    /// <summary>Stops a running server; returns a finished token when it is stopped. Azure starts a stopped server again after 30 days.</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmResourceNotFoundException">The server does not exist.</exception>
    public Task<ArmOperationToken> BeginStopServerAsync(string serverName, CancellationToken cancellationToken) =>
        BeginPowerActionAsync(serverName, ArmOperationKind.StopServer, "/stop", FlexibleServerState.Stopped, "Stopping", cancellationToken);

    /// <summary>Starts restarting a server (without an HA failover).</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmRequestException">ARM refused the request (e.g. the server is stopped).</exception>
    public async Task<ArmOperationToken> BeginRestartServerAsync(string serverName, CancellationToken cancellationToken)
    {
        var id = ServerId(serverName);
        return await SendOperationAsync(
            ArmOperationKind.RestartServer,
            id,
            RequestMethod.Post,
            ResourceUrl(id, "/restart"),
            BinaryData.FromString("""{"restartWithFailover":"Disabled"}"""),
            $"Restarting Flexible Server '{serverName}'",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts creating or replacing a firewall rule that admits an IPv4 range (public access only).</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="ruleName">The rule: letters, digits, hyphens and underscores, at most 80. <c>AllowAllWindowsAzureIps</c> with 0.0.0.0–0.0.0.0 admits Azure services.</param>
    /// <param name="startAddress">The first address of the range.</param>
    /// <param name="endAddress">The last address of the range.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token to poll.</returns>
    /// <exception cref="ArmRequestException">ARM refused the rule (e.g. the server has private access).</exception>
    public async Task<ArmOperationToken> BeginCreateFirewallRuleAsync(
        string serverName, string ruleName, IPAddress startAddress, IPAddress endAddress, CancellationToken cancellationToken)
    {
        var id = FirewallRuleId(serverName, ruleName);
        foreach (var address in (ReadOnlySpan<IPAddress>)[startAddress, endAddress])
        {
            ArgumentNullException.ThrowIfNull(address);
            if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException($"Firewall rules take IPv4 addresses only, not {address}.", nameof(startAddress));
            }
        }

        var body = new FirewallRuleBody
        {
            Properties = new FirewallRuleProperties { StartIpAddress = startAddress.ToString(), EndIpAddress = endAddress.ToString() },
        };
        return await SendOperationAsync(
            ArmOperationKind.CreateFirewallRule,
            id,
            RequestMethod.Put,
            ResourceUrl(id),
            Json(body, ArmRequestJsonContext.Default.FirewallRuleBody),
            $"Creating firewall rule '{ruleName}' of Flexible Server '{serverName}'",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts deleting a firewall rule; a missing rule (or server) is fine.</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="ruleName">The rule.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token to poll.</returns>
    public async Task<ArmOperationToken> BeginDeleteFirewallRuleAsync(string serverName, string ruleName, CancellationToken cancellationToken)
    {
        var id = FirewallRuleId(serverName, ruleName);
        return await SendOperationAsync(
            ArmOperationKind.DeleteFirewallRule,
            id,
            RequestMethod.Delete,
            ResourceUrl(id),
            null,
            $"Deleting firewall rule '{ruleName}' of Flexible Server '{serverName}'",
            cancellationToken,
            missingMeansDone: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts deleting a server with its data and backups; a missing server is fine. Deleting a source makes its replicas
    /// standalone servers.
    /// </summary>
    /// <param name="serverName">The server.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token to poll.</returns>
    public async Task<ArmOperationToken> BeginDeleteServerAsync(string serverName, CancellationToken cancellationToken)
    {
        var id = ServerId(serverName);
        var action = $"Deleting Flexible Server '{serverName}'";
        try
        {
            var operation = await _arm.GetGenericResource(id).DeleteAsync(WaitUntil.Started, cancellationToken).ConfigureAwait(false);
            return Started(ArmOperationKind.DeleteServer, id, operation.GetRawResponse(), action);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return Finished(ArmOperationKind.DeleteServer, id, "the server does not exist");
        }
        catch (RequestFailedException e)
        {
            throw ArmError.ToException(action, e, _time);
        }
    }

    /// <summary>Asks ARM once where a started operation stands. Safe to call from any client of the same resource group, also after a restart.</summary>
    /// <param name="token">What <c>Begin…Async</c> returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>In progress (with when to ask again), succeeded, or failed with ARM's error code and message.</returns>
    /// <exception cref="ArgumentException">The token's polling URL does not point to this client's Resource Manager endpoint.</exception>
    /// <exception cref="ArmRequestException">
    /// ARM did not answer the poll usefully (e.g. throttled beyond the retries, 5xx, or the operation is unknown): the
    /// operation itself may still run, so poll again later.
    /// </exception>
    public async Task<ArmOperationStatus> PollAsync(ArmOperationToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var action = $"Polling operation {token.Kind} on '{token.ResourceId}'";
        var status = token.Mode switch
        {
            ArmPollingMode.Completed => ArmOperationStatus.Succeeded,
            ArmPollingMode.AzureAsyncOperation => await PollAsyncOperationAsync(token, action, cancellationToken).ConfigureAwait(false),
            ArmPollingMode.Location => await PollLocationAsync(token, action, cancellationToken).ConfigureAwait(false),
            ArmPollingMode.ResourceState => await PollResourceStateAsync(token, action, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"Unknown polling mode {token.Mode}.", nameof(token)),
        };
        if (status.State == ArmOperationState.Failed)
        {
            FlexibleServerClientLog.OperationFailed(_logger, token.Kind, token.ResourceId, status.ErrorCode, status.ErrorMessage);
        }
        else
        {
            FlexibleServerClientLog.OperationPolled(_logger, token.Kind, token.ResourceId, status.State, status.RetryAfter);
        }

        return status;
    }

    /// <summary>Reads a server.</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The server; null when it does not exist.</returns>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    public async Task<FlexibleServer?> GetServerAsync(string serverName, CancellationToken cancellationToken)
    {
        var id = ServerId(serverName);
        var data = await TryGetResourceAsync(id, $"Reading Flexible Server '{serverName}'", cancellationToken).ConfigureAwait(false);
        return data is null ? null : FlexibleServerReader.Read(data);
    }

    /// <summary>Lists the read replicas of a server.</summary>
    /// <param name="serverName">The source server.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The replicas; empty when there are none.</returns>
    /// <exception cref="ArmResourceNotFoundException">The server does not exist.</exception>
    public Task<IReadOnlyList<FlexibleServer>> ListReplicasAsync(string serverName, CancellationToken cancellationToken)
    {
        var id = ServerId(serverName);
        return ListAsync(ResourceUrl(id, "/replicas"), $"Listing the replicas of Flexible Server '{serverName}'", cancellationToken);
    }

    /// <summary>Lists the Flexible Servers of the resource group.</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The servers.</returns>
    public Task<IReadOnlyList<FlexibleServer>> ListServersAsync(CancellationToken cancellationToken) =>
        ListAsync(
            ResourceUrl(new ResourceIdentifier($"{_resourceGroupId}/providers/{ServerProvider}")),
            $"Listing the Flexible Servers of resource group '{_options.ResourceGroup}'",
            cancellationToken);

    /// <summary>Reads one server parameter, with what Azure allows for it.</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="parameterName">The parameter (MySQL variable).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArmResourceNotFoundException">The server or the parameter does not exist.</exception>
    public async Task<ServerParameter> GetParameterAsync(string serverName, string parameterName, CancellationToken cancellationToken)
    {
        ValidateParameterName(parameterName);
        var id = new ResourceIdentifier($"{ServerId(serverName)}/configurations/{parameterName}");
        var action = $"Reading server parameter '{parameterName}' of Flexible Server '{serverName}'";
        var data = await TryGetResourceAsync(id, action, cancellationToken).ConfigureAwait(false)
            ?? throw new ArmResourceNotFoundException(action, "ResourceNotFound", $"ARM has no parameter '{parameterName}' on server '{serverName}'.");
        using var document = JsonDocument.Parse(data.Properties?.ToMemory() ?? "{}"u8.ToArray());
        var properties = document.RootElement;
        return new ServerParameter(
            parameterName,
            JsonFields.String(properties, "value"),
            JsonFields.String(properties, "defaultValue"),
            JsonFields.String(properties, "allowedValues"),
            JsonFields.String(properties, "source"),
            JsonFields.Bool(properties, "isReadOnly"),
            JsonFields.Bool(properties, "isDynamicConfig"),
            JsonFields.Bool(properties, "isConfigPendingRestart"));
    }
}
