using System.Net;
using System.Text.Json;
using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>What the Flexible Server client sends to ARM: methods, paths, the pinned api-version, bodies, the bearer token.</summary>
public sealed class FlexibleServerRequestTests : FakeArmTest
{
    private const string Password = "Sup3r-Secret-Admin-Pw!";

    [Fact]
    public async Task BeginCreateServer_PutsTheServerWithPinnedApiVersionBearerTokenAndFullBody()
    {
        Context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, "/subscriptions/x/providers/Microsoft.DBforMySQL/locations/westeurope/azureAsyncOperation/op1"));
        var client = Context.CreateClient();

        var token = await client.BeginCreateServerAsync(Definition("db1"), Password, CancellationToken.None);

        Assert.Equal(ArmPollingMode.AzureAsyncOperation, token.Mode);
        Assert.Equal(ArmOperationKind.CreateServer, token.Kind);
        Assert.Equal(Db1, token.ResourceId);
        Assert.Equal(new Uri(Context.Arm.Endpoint, "/subscriptions/x/providers/Microsoft.DBforMySQL/locations/westeurope/azureAsyncOperation/op1"), token.PollingUrl);

        // First a GET (is there a server of that name already?), then the PUT.
        Assert.Equal(["GET", "PUT"], Context.Arm.Requests.Select(r => r.Method));
        Assert.All(Context.Arm.Requests, request =>
        {
            Assert.Equal(FlexibleServerClient.ApiVersion, request.ApiVersion);
            Assert.Equal("Bearer token-for-tests", request.Authorization);
        });
        Assert.All(Context.Credential.Scopes, scope => Assert.StartsWith(ArmTestContext.Audience, scope, StringComparison.Ordinal));
        Assert.NotEmpty(Context.Credential.Scopes);

        var body = Context.Arm.RequestsTo("PUT", Db1).Single().Json();
        Assert.Equal("westeurope", body.GetProperty("location").GetString());
        Assert.Equal("Standard_D2ads_v5", body.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("GeneralPurpose", body.GetProperty("sku").GetProperty("tier").GetString());
        Assert.Equal("db1", body.GetProperty("tags").GetProperty("serverless-server-id").GetString());
        var properties = body.GetProperty("properties");
        Assert.Equal("Default", properties.GetProperty("createMode").GetString());
        Assert.Equal("8.0.21", properties.GetProperty("version").GetString());
        Assert.Equal("dbadmin", properties.GetProperty("administratorLogin").GetString());
        Assert.Equal(Password, properties.GetProperty("administratorLoginPassword").GetString());
        Assert.Equal(64, properties.GetProperty("storage").GetProperty("storageSizeGB").GetInt32());
        Assert.Equal("Enabled", properties.GetProperty("storage").GetProperty("autoGrow").GetString());
        Assert.Equal(7, properties.GetProperty("backup").GetProperty("backupRetentionDays").GetInt32());
        Assert.Equal("Disabled", properties.GetProperty("backup").GetProperty("geoRedundantBackup").GetString());
        Assert.Equal("Disabled", properties.GetProperty("highAvailability").GetProperty("mode").GetString());
        Assert.Equal("Enabled", properties.GetProperty("network").GetProperty("publicNetworkAccess").GetString());
        Assert.False(properties.TryGetProperty("sourceServerResourceId", out _));

        // The token is what durable history keeps: no password in it.
        Assert.DoesNotContain(Password, JsonSerializer.Serialize(token, AzureJsonContext.Default.ArmOperationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeginCreateServer_WithPrivateAccessAndZoneRedundantHa_SendsSubnetDnsZoneAndMode()
    {
        Context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, "/ops/op1"));
        var definition = Definition("db1") with
        {
            HighAvailability = HighAvailabilityMode.ZoneRedundant,
            AvailabilityZone = "1",
            PrivateNetwork = new FlexibleServerNetwork("/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/mysql", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateDnsZones/z.private.mysql.database.azure.com"),
        };

        await Context.CreateClient().BeginCreateServerAsync(definition, Password, CancellationToken.None);

        var properties = Context.Arm.RequestsTo("PUT", Db1).Single().Json().GetProperty("properties");
        var network = properties.GetProperty("network");
        Assert.Equal("Disabled", network.GetProperty("publicNetworkAccess").GetString());
        Assert.EndsWith("/subnets/mysql", network.GetProperty("delegatedSubnetResourceId").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("z.private.mysql.database.azure.com", network.GetProperty("privateDnsZoneResourceId").GetString(), StringComparison.Ordinal);
        Assert.Equal("ZoneRedundant", properties.GetProperty("highAvailability").GetProperty("mode").GetString());
        Assert.Equal("1", properties.GetProperty("availabilityZone").GetString());
    }

    [Fact]
    public async Task BeginCreateServer_WhenTheServerExists_SendsNoPutAndFollowsTheServersState()
    {
        Context.Arm.On("GET", Db1, ArmAnswer.Json(200, ServerJson.Server("db1", state: "Updating")));

        var token = await Context.CreateClient().BeginCreateServerAsync(Definition("db1"), Password, CancellationToken.None);

        Assert.Equal(ArmPollingMode.ResourceState, token.Mode);
        Assert.Empty(Context.Arm.RequestsTo("PUT", Db1));
    }

    [Fact]
    public async Task BeginCreateReplica_SendsReplicaCreateModeWithTheSourceIdAndTakesTheSourcesSizeAndRegion()
    {
        var replica = ArmTestContext.ServerPath("db1-r1");
        Context.Arm.On("GET", Db1, ArmAnswer.Json(200, ServerJson.Server("db1", skuName: "Standard_E4ads_v5", tier: "MemoryOptimized", location: "northeurope")));
        Context.Arm.On("PUT", replica, ArmAnswer.AcceptedAsync(202, "/ops/replica"));

        var token = await Context.CreateClient().BeginCreateReplicaAsync(
            new ReplicaDefinition { Name = "db1-r1", SourceServerName = "db1" }, CancellationToken.None);

        Assert.Equal(ArmOperationKind.CreateReplica, token.Kind);
        var body = Context.Arm.RequestsTo("PUT", replica).Single().Json();
        Assert.Equal("northeurope", body.GetProperty("location").GetString());
        Assert.Equal("Standard_E4ads_v5", body.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("MemoryOptimized", body.GetProperty("sku").GetProperty("tier").GetString());
        var properties = body.GetProperty("properties");
        Assert.Equal("Replica", properties.GetProperty("createMode").GetString());
        Assert.Equal(Db1, properties.GetProperty("sourceServerResourceId").GetString());
        Assert.False(properties.TryGetProperty("administratorLoginPassword", out _));
    }

    [Fact]
    public async Task BeginCreateReplica_OfAMissingSource_ThrowsNotFoundAndCreatesNothing()
    {
        var client = Context.CreateClient();

        var error = await Assert.ThrowsAsync<ArmResourceNotFoundException>(() =>
            client.BeginCreateReplicaAsync(new ReplicaDefinition { Name = "db1-r1", SourceServerName = "db1" }, CancellationToken.None));

        Assert.Contains("db1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Context.Arm.Requests, request => request.Method == "PUT");
    }

    [Fact]
    public async Task BeginStopReplication_PatchesReplicationRoleNoneWithNothingElse()
    {
        var replica = ArmTestContext.ServerPath("db1-r1");
        Context.Arm.On("GET", replica, ArmAnswer.Json(200, ServerJson.Server("db1-r1", replicationRole: "Replica", sourceServerName: "db1")));
        Context.Arm.On("PATCH", replica, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/stop-replication")));

        var token = await Context.CreateClient().BeginStopReplicationAsync("db1-r1", CancellationToken.None);

        Assert.Equal(ArmPollingMode.Location, token.Mode);
        var patch = Context.Arm.RequestsTo("PATCH", replica).Single();
        Assert.Equal(FlexibleServerClient.ApiVersion, patch.ApiVersion);
        Assert.Equal("""{"properties":{"replicationRole":"None"}}""", patch.Body);
    }

    [Fact]
    public async Task BeginStopReplication_OnAStandaloneServer_SendsNoPatchAndIsDone()
    {
        Context.Arm.On("GET", Db1, ArmAnswer.Json(200, ServerJson.Server("db1")));
        var client = Context.CreateClient();

        var token = await client.BeginStopReplicationAsync("db1", CancellationToken.None);

        Assert.Equal(ArmPollingMode.Completed, token.Mode);
        Assert.Equal(ArmOperationState.Succeeded, (await client.PollAsync(token, CancellationToken.None)).State);
        Assert.DoesNotContain(Context.Arm.Requests, request => request.Method == "PATCH");
    }

    [Fact]
    public async Task BeginUpdateParameters_PostsOneBatchOfUserOverrides()
    {
        Context.Arm.On("POST", Db1 + "/updateConfigurations", ArmAnswer.AcceptedAsync(202, "/ops/parameters"));

        await Context.CreateClient().BeginUpdateParametersAsync(
            "db1",
            new Dictionary<string, string> { ["binlog_row_image"] = "FULL", ["binlog_expire_logs_seconds"] = "259200" },
            CancellationToken.None);

        var post = Context.Arm.RequestsTo("POST", Db1 + "/updateConfigurations").Single();
        Assert.Equal(FlexibleServerClient.ApiVersion, post.ApiVersion);
        Assert.Equal(
            """{"value":[{"name":"binlog_expire_logs_seconds","properties":{"value":"259200","source":"user-override"}},{"name":"binlog_row_image","properties":{"value":"FULL","source":"user-override"}}]}""",
            post.Body);
    }

    [Fact]
    public async Task BeginScale_PatchesSkuAndStorageOnly()
    {
        Context.Arm.On("PATCH", Db1, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/scale")));

        await Context.CreateClient().BeginScaleAsync("db1", new FlexibleServerSku("Standard_D4ads_v5", FlexibleServerTier.GeneralPurpose), 128, CancellationToken.None);

        Assert.Equal(
            """{"sku":{"name":"Standard_D4ads_v5","tier":"GeneralPurpose"},"properties":{"storage":{"storageSizeGB":128}}}""",
            Context.Arm.RequestsTo("PATCH", Db1).Single().Body);
    }

    [Fact]
    public async Task BeginCreateFirewallRule_PutsTheRange_AndRefusesIpv6BeforeSending()
    {
        var rule = Db1 + "/firewallRules/AllowAllWindowsAzureIps";
        Context.Arm.On("PUT", rule, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/rule")));
        var client = Context.CreateClient();

        await client.BeginCreateFirewallRuleAsync("db1", "AllowAllWindowsAzureIps", IPAddress.Any, IPAddress.Any, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.BeginCreateFirewallRuleAsync("db1", "v6", IPAddress.IPv6Loopback, IPAddress.IPv6Loopback, CancellationToken.None));

        var put = Assert.Single(Context.Arm.Requests);
        Assert.Equal(rule, put.Path);
        Assert.Equal(FlexibleServerClient.ApiVersion, put.ApiVersion);
        Assert.Equal("""{"properties":{"startIpAddress":"0.0.0.0","endIpAddress":"0.0.0.0"}}""", put.Body);
    }

    [Fact]
    public async Task BeginDelete_OfServerAndFirewallRule_SendDeletes_AndMissingOnesAreDone()
    {
        Context.Arm.On("DELETE", Db1, ArmAnswer.AcceptedAsync(202, "/ops/delete"));
        var client = Context.CreateClient();

        var deleting = await client.BeginDeleteServerAsync("db1", CancellationToken.None);
        var missingServer = await client.BeginDeleteServerAsync("db2", CancellationToken.None);
        var missingRule = await client.BeginDeleteFirewallRuleAsync("db1", "operator", CancellationToken.None);

        Assert.Equal(ArmPollingMode.AzureAsyncOperation, deleting.Mode);
        Assert.Equal(ArmPollingMode.Completed, missingServer.Mode);
        Assert.Equal(ArmPollingMode.Completed, missingRule.Mode);
        Assert.Equal(
            [$"DELETE {Db1}", $"DELETE {ArmTestContext.ServerPath("db2")}", $"DELETE {Db1}/firewallRules/operator"],
            Context.Arm.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(Context.Arm.Requests, request => Assert.Equal(FlexibleServerClient.ApiVersion, request.ApiVersion));
    }

    [Fact]
    public async Task BeginStartAndStop_PostTheActionOnlyWhenTheServerIsNotThereYet()
    {
        Context.Arm.On("GET", Db1, ArmAnswer.Json(200, ServerJson.Server("db1", state: "Stopped")));
        Context.Arm.On("POST", Db1 + "/start", ArmAnswer.AcceptedAsync(202, "/ops/start"));
        var client = Context.CreateClient();

        var start = await client.BeginStartServerAsync("db1", CancellationToken.None);
        var stop = await client.BeginStopServerAsync("db1", CancellationToken.None);

        Assert.Equal(ArmPollingMode.AzureAsyncOperation, start.Mode);
        Assert.Equal(ArmPollingMode.Completed, stop.Mode);
        Assert.Single(Context.Arm.RequestsTo("POST", Db1 + "/start"));
        Assert.Empty(Context.Arm.RequestsTo("POST", Db1 + "/stop"));
    }

    [Fact]
    public async Task GetServer_ReadsStateEndpointRoleAndSize_AndAMissingServerIsNull()
    {
        Context.Arm.On("GET", ArmTestContext.ServerPath("db1-r1"), ArmAnswer.Json(200, ServerJson.Server("db1-r1", replicationRole: "Replica", sourceServerName: "db1")));
        var client = Context.CreateClient();

        var server = await client.GetServerAsync("db1-r1", CancellationToken.None);
        var missing = await client.GetServerAsync("db9", CancellationToken.None);

        Assert.NotNull(server);
        Assert.Equal(FlexibleServerState.Ready, server.State);
        Assert.Equal("db1-r1.mysql.database.azure.com", server.FullyQualifiedDomainName);
        Assert.Equal(3306, server.Port);
        Assert.Equal(ReplicationRole.Replica, server.ReplicationRole);
        Assert.Equal(Db1, server.SourceServerId);
        Assert.Equal(new FlexibleServerSku("Standard_D2ads_v5", FlexibleServerTier.GeneralPurpose), server.Sku);
        Assert.Equal(64, server.StorageSizeGB);
        Assert.Equal("westeurope", server.Location);
        Assert.Null(missing);
        Assert.All(Context.Arm.Requests, request => Assert.Equal(FlexibleServerClient.ApiVersion, request.ApiVersion));
    }

    [Fact]
    public async Task ListReplicas_FollowsNextLinkAcrossPages()
    {
        Context.Arm.On("GET", Db1 + "/replicas", ArmAnswer.Json(200, new
        {
            value = new[] { ServerJson.Server("db1-r1", replicationRole: "Replica", sourceServerName: "db1") },
            nextLink = $"{Context.Arm.Endpoint}replica-pages/2?api-version={FlexibleServerClient.ApiVersion}",
        }));
        Context.Arm.On("GET", "/replica-pages/2", ArmAnswer.Json(200, new
        {
            value = new[] { ServerJson.Server("db1-r2", replicationRole: "Replica", sourceServerName: "db1") },
        }));

        var replicas = await Context.CreateClient().ListReplicasAsync("db1", CancellationToken.None);

        Assert.Equal(["db1-r1", "db1-r2"], replicas.Select(r => r.Name));
        Assert.All(replicas, replica => Assert.Equal(Db1, replica.SourceServerId));
        Assert.Equal(FlexibleServerClient.ApiVersion, Context.Arm.RequestsTo("GET", Db1 + "/replicas").Single().ApiVersion);
    }

    [Fact]
    public async Task GetParameter_ReadsValueAllowedValuesAndPendingRestart()
    {
        Context.Arm.On("GET", Db1 + "/configurations/binlog_row_image", ArmAnswer.Json(200, new
        {
            id = Db1 + "/configurations/binlog_row_image",
            name = "binlog_row_image",
            type = "Microsoft.DBforMySQL/flexibleServers/configurations",
            properties = new
            {
                value = "FULL",
                defaultValue = "FULL",
                allowedValues = "FULL,MINIMAL,NOBLOB",
                source = "system-default",
                isReadOnly = "False",
                isDynamicConfig = "True",
                isConfigPendingRestart = "False",
            },
        }));

        var parameter = await Context.CreateClient().GetParameterAsync("db1", "binlog_row_image", CancellationToken.None);

        Assert.Equal(new ServerParameter("binlog_row_image", "FULL", "FULL", "FULL,MINIMAL,NOBLOB", "system-default", false, true, false), parameter);
        Assert.Equal(FlexibleServerClient.ApiVersion, Context.Arm.Requests.Single().ApiVersion);
    }

    [Theory]
    [InlineData("DB1")]
    [InlineData("-db1")]
    [InlineData("db1-")]
    [InlineData("db_1")]
    [InlineData("d")]
    public async Task InvalidServerNames_AreRefusedBeforeAnyRequest(string name)
    {
        var client = Context.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetServerAsync(name, CancellationToken.None));

        Assert.Empty(Context.Arm.Requests);
    }
}
