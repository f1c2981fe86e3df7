using System.Text.Json;
using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>The Azure platform end to end against the fake ARM: each platform operation as the ARM requests it sends and polls.</summary>
public sealed class AzureDatabasePlatformTests : AzurePlatformTest
{
    private const string CreateOperation = "/subscriptions/x/providers/Microsoft.DBforMySQL/locations/westeurope/azureAsyncOperation/create-1";
    private const string ParametersOperation = "/subscriptions/x/providers/Microsoft.DBforMySQL/locations/westeurope/azureAsyncOperation/params-1";

    [Fact]
    public async Task Provision_CreatesTheServer_AdmitsAzureServices_SetsParameters_ThenGivesAdminAccess()
    {
        var server = PathOf(InstanceId);
        ScriptProvision(server, ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 7), ArmAnswer.OperationStatus("Succeeded"));
        var platform = CreatePlatform();

        var begun = await platform.BeginProvisionAsync(Spec(), CancellationToken.None);
        var polled = await platform.PollAsync(begun, CancellationToken.None);
        var access = await platform.GetAdminAccessAsync(InstanceId, CancellationToken.None);

        Assert.False(begun.IsCompleted);
        Assert.Equal(TimeSpan.FromSeconds(7), begun.PollAfter);
        Assert.True(polled.IsCompleted);
        var password = Secrets.Secrets[InstanceId + "-admin"];
        var create = Assert.Single(Context.Arm.RequestsTo("PUT", server)).Json();
        Assert.Equal("Standard_D2ads_v5", create.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("GeneralPurpose", create.GetProperty("sku").GetProperty("tier").GetString());
        var properties = create.GetProperty("properties");
        Assert.Equal(20, properties.GetProperty("storage").GetProperty("storageSizeGB").GetInt32());
        Assert.Equal("dbadmin", properties.GetProperty("administratorLogin").GetString());
        Assert.Equal(password, properties.GetProperty("administratorLoginPassword").GetString());
        Assert.Equal(InstanceId, create.GetProperty("tags").GetProperty(AzureServerTags.ServerId).GetString());
        Assert.Equal(InstanceId + "-admin", create.GetProperty("tags").GetProperty(AzureServerTags.AdminSecretId).GetString());
        var rule = Assert.Single(Context.Arm.RequestsTo("PUT", server + "/firewallRules/" + AzureDatabasePlatform.AllowAzureServicesRule)).Json();
        Assert.Equal("0.0.0.0", rule.GetProperty("properties").GetProperty("startIpAddress").GetString());
        var parameters = Assert.Single(Context.Arm.RequestsTo("POST", server + "/updateConfigurations")).Json().GetProperty("value").EnumerateArray()
            .ToDictionary(item => item.GetProperty("name").GetString()!, item => item.GetProperty("properties").GetProperty("value").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["binlog_expire_logs_seconds"] = "259200", ["binlog_row_image"] = "FULL", ["max_connections"] = "400" }, parameters);
        Assert.All(Context.Arm.Requests, request => Assert.Equal("Bearer token-for-tests", request.Authorization));
        Assert.All(Context.Arm.Requests.Where(request => !request.Path.Contains("azureAsyncOperation", StringComparison.Ordinal)), request => Assert.Equal(FlexibleServerClient.ApiVersion, request.ApiVersion));
        Assert.Equal(new ServerAdminAccess($"{NameOf(InstanceId)}.mysql.database.azure.com", 3306, "dbadmin", InstanceId + "-admin", null), access);

        // The operation between polls is what durable history keeps: no password in it.
        Assert.DoesNotContain(password, JsonSerializer.Serialize(begun), StringComparison.Ordinal);
        Assert.Empty(Context.Time.Waits);
    }

    [Fact]
    public async Task AHostRestartInTheMiddleOfACreate_ContinuesPollingFromTheSavedOperation_WithoutCreatingAgain()
    {
        var server = PathOf(InstanceId);
        var inProgress = ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 30);
        ScriptProvision(server, inProgress, inProgress, inProgress, ArmAnswer.OperationStatus("Succeeded"));

        // The first host begins the create and polls once; only the serialized operation survives it (durable history).
        var first = CreatePlatform();
        var history = JsonSerializer.Serialize(await first.PollAsync(await first.BeginProvisionAsync(Spec(), CancellationToken.None), CancellationToken.None));

        // A new host: a new platform, client and credential, and the operation from history.
        var restarted = CreatePlatform(new RecordingCredential("token-after-restart"));
        var operation = JsonSerializer.Deserialize<PlatformOperation>(history)!;
        var polls = 0;
        while (!operation.IsCompleted)
        {
            Assert.True(++polls < 10, "The create never completed.");
            operation = await restarted.PollAsync(operation, CancellationToken.None);
        }

        Assert.Single(Context.Arm.RequestsTo("PUT", server));
        Assert.Equal(4, Context.Arm.RequestsTo("GET", CreateOperation).Count);
        Assert.Equal("Bearer token-after-restart", Context.Arm.RequestsTo("GET", CreateOperation)[^1].Authorization);
        Assert.Single(Context.Arm.RequestsTo("POST", server + "/updateConfigurations"));
    }

    [Fact]
    public async Task ThrottlingLongerThanTheClientWaits_LeavesTheOperationPendingWithArmsRetryAfter_AndTheNextPollGoesOn()
    {
        var server = PathOf(InstanceId);
        ScriptProvision(
            server,
            ArmAnswer.Error(429, "TooManyRequests", "Subscription read limit reached.", ("Retry-After", "120")),
            ArmAnswer.OperationStatus("Succeeded"));
        var platform = CreatePlatform();

        var throttled = await platform.BeginProvisionAsync(Spec(), CancellationToken.None);
        var done = await platform.PollAsync(throttled, CancellationToken.None);

        Assert.False(throttled.IsCompleted);
        Assert.Equal(TimeSpan.FromSeconds(120), throttled.PollAfter);
        Assert.True(done.IsCompleted);
        Assert.Single(Context.Arm.RequestsTo("PUT", server));

        // Nothing sat the two minutes out in process: the orchestration's durable timer does.
        Assert.Empty(Context.Time.Waits);
    }

    [Fact]
    public async Task ACreateThatArmFails_FailsThePollWithArmsCodeAndMessage()
    {
        var server = PathOf(InstanceId);
        ScriptProvision(server, ArmAnswer.OperationStatus("Failed", errorCode: "SkuNotAvailable", errorMessage: "The SKU is not available in westeurope zone 1."));
        var platform = CreatePlatform();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => platform.BeginProvisionAsync(Spec(), CancellationToken.None));

        Assert.Contains("SkuNotAvailable", error.Message, StringComparison.Ordinal);
        Assert.Contains("The SKU is not available", error.Message, StringComparison.Ordinal);
        Assert.Contains(InstanceId, error.Message, StringComparison.Ordinal);
        Assert.Empty(Context.Arm.RequestsTo("PUT", server + "/firewallRules/" + AzureDatabasePlatform.AllowAzureServicesRule));
    }

    [Fact]
    public async Task ProvisionOverAServerOfAnotherSize_IsRefused()
    {
        Context.Arm.On("GET", PathOf(InstanceId), ArmAnswer.Json(200, TaggedServer(InstanceId, skuName: "Standard_E4ads_v5", tier: "MemoryOptimized")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => CreatePlatform().BeginProvisionAsync(Spec(), CancellationToken.None));

        Assert.Empty(Context.Arm.RequestsTo("PUT", PathOf(InstanceId)));
    }

    [Fact]
    public async Task Delete_DeletesTheServer_ThenItsAdminSecret_AndAMissingServerIsFine()
    {
        var server = PathOf(InstanceId);
        await Secrets.CreateAsync(InstanceId + "-admin", "pw", CancellationToken.None);
        Context.Arm.On("GET", server, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("DELETE", server, ArmAnswer.AcceptedAsync(202, "/ops/delete-1", retryAfterSeconds: 10));
        Context.Arm.On("GET", "/ops/delete-1", ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 10), ArmAnswer.OperationStatus("Succeeded"));
        var platform = CreatePlatform();

        var begun = await platform.BeginDeleteAsync(InstanceId, CancellationToken.None);
        Assert.True(Secrets.Secrets.ContainsKey(InstanceId + "-admin"));
        var done = await platform.PollAsync(begun, CancellationToken.None);
        var missing = await platform.BeginDeleteAsync("inst-gone", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(10), begun.PollAfter);
        Assert.True(done.IsCompleted);
        Assert.False(Secrets.Secrets.ContainsKey(InstanceId + "-admin"));
        Assert.True(missing.IsCompleted);
    }

    [Fact]
    public async Task Restart_PostsRestartWithoutFailover_AndPollsItToTheEnd()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("POST", server + "/restart", ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/restart-1"), ("Retry-After", "5")));
        Context.Arm.On("GET", "/ops/restart-1", ArmAnswer.Empty(202, ("Retry-After", "5")), ArmAnswer.Empty(204));
        var platform = CreatePlatform();

        var begun = await platform.BeginRestartAsync(InstanceId, CancellationToken.None);
        var done = await platform.PollAsync(begun, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(5), begun.PollAfter);
        Assert.True(done.IsCompleted);
        Assert.Equal("Disabled", Assert.Single(Context.Arm.RequestsTo("POST", server + "/restart")).Json().GetProperty("restartWithFailover").GetString());
    }

    [Fact]
    public async Task CreateReplica_AsksAzureForANativeReplicaOfTheSource_WithTheSourcesAdminPassword()
    {
        var source = PathOf("src-1");
        var replica = PathOf("rep-1");
        await Secrets.CreateAsync("src-1-admin", "source-password", CancellationToken.None);
        Context.Arm.On("GET", source, ArmAnswer.Json(200, TaggedServer("src-1", replicationRole: "Source")));
        Context.Arm.On("PUT", replica, ArmAnswer.AcceptedAsync(201, "/ops/replica-1"));
        Context.Arm.On("GET", "/ops/replica-1", ArmAnswer.OperationStatus("Succeeded"));
        var platform = CreatePlatform();

        var done = await platform.BeginCreateReplicaAsync(Spec("rep-1", new FlavorSpec(1, 1024, 100)), "src-1", CancellationToken.None);

        Assert.True(platform.CreatesReplicasNatively);
        Assert.True(done.IsCompleted);
        var body = Assert.Single(Context.Arm.RequestsTo("PUT", replica)).Json();
        Assert.Equal("Replica", body.GetProperty("properties").GetProperty("createMode").GetString());
        Assert.Equal(source, body.GetProperty("properties").GetProperty("sourceServerResourceId").GetString());

        // A Burstable flavor cannot replicate: the replica gets the source's size.
        Assert.Equal("Standard_D2ads_v5", body.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("rep-1", body.GetProperty("tags").GetProperty(AzureServerTags.ServerId).GetString());
        Assert.Equal("source-password", Secrets.Secrets["rep-1-admin"]);
    }

    [Fact]
    public async Task StopReplication_PatchesTheReplicationRoleToNone()
    {
        var replica = PathOf("rep-1");
        Context.Arm.On("GET", replica, ArmAnswer.Json(200, TaggedServer("rep-1", replicationRole: "Replica", sourceServerId: "src-1")));
        Context.Arm.On("PATCH", replica, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/stop-1"), ("Retry-After", "20")));
        Context.Arm.On("GET", "/ops/stop-1", ArmAnswer.Empty(202, ("Retry-After", "20")), ArmAnswer.Empty(200));
        var platform = CreatePlatform();

        var begun = await platform.BeginStopReplicationAsync("rep-1", CancellationToken.None);
        var done = await platform.PollAsync(begun, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(20), begun.PollAfter);
        Assert.True(done.IsCompleted);
        Assert.Equal("None", Assert.Single(Context.Arm.RequestsTo("PATCH", replica)).Json().GetProperty("properties").GetProperty("replicationRole").GetString());
    }

    [Fact]
    public async Task Resize_PatchesSkuAndStorage_ThenSetsTheFlavorsMaxConnections()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("PATCH", server, ArmAnswer.AcceptedAsync(202, "/ops/scale-1"));
        Context.Arm.On("GET", "/ops/scale-1", ArmAnswer.OperationStatus("Succeeded"));
        Context.Arm.On("POST", server + "/updateConfigurations", ArmAnswer.AcceptedAsync(202, ParametersOperation));
        Context.Arm.On("GET", ParametersOperation, ArmAnswer.OperationStatus("Succeeded"));

        var done = await CreatePlatform().BeginResizeAsync(InstanceId, new FlavorSpec(4, 32768, 1000), 128, CancellationToken.None);

        Assert.True(done.IsCompleted);
        var patch = Assert.Single(Context.Arm.RequestsTo("PATCH", server)).Json();
        Assert.Equal("Standard_E4ads_v5", patch.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal(128, patch.GetProperty("properties").GetProperty("storage").GetProperty("storageSizeGB").GetInt32());
        var parameters = Assert.Single(Context.Arm.RequestsTo("POST", server + "/updateConfigurations")).Json().GetProperty("value");
        Assert.Equal("max_connections", Assert.Single(parameters.EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Ready", ServerState.Running, false)]
    [InlineData("Stopped", ServerState.Stopped, false)]
    [InlineData("Starting", ServerState.Stopped, true)]
    [InlineData("Updating", ServerState.Running, true)]
    [InlineData("Dropping", ServerState.Missing, true)]
    [InlineData("Disabled", ServerState.Failed, true)]
    [InlineData("SomethingNew", ServerState.Running, true)]
    public async Task Status_MapsArmsStatesOntoServerStates(string armState, ServerState expected, bool hasMessage)
    {
        Context.Arm.On("GET", PathOf(InstanceId), ArmAnswer.Json(200, TaggedServer(InstanceId, state: armState)));

        var status = await CreatePlatform().GetStatusAsync(InstanceId, CancellationToken.None);

        Assert.Equal(expected, status.State);
        Assert.Equal(hasMessage, status.Message is not null);
        Assert.Equal(64L << 30, status.VolumeSizeBytes);
        Assert.Equal(new ServerEndpoint($"{NameOf(InstanceId)}.mysql.database.azure.com", 3306, null), status.Endpoint);
    }

    [Fact]
    public async Task StatusOfAnUnknownServer_IsMissing_AndAdminAccessToItThrowsServerNotFound()
    {
        var platform = CreatePlatform();

        var status = await platform.GetStatusAsync("inst-unknown", CancellationToken.None);

        Assert.Equal(ServerState.Missing, status.State);
        await Assert.ThrowsAsync<ServerNotFoundException>(() => platform.GetAdminAccessAsync("inst-unknown", CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_ReportsTheResourceGroupsServersTaggedAsOurs_AndIgnoresOthers()
    {
        Context.Arm.On(
            "GET",
            $"/subscriptions/{ArmTestContext.SubscriptionId}/resourceGroups/{ArmTestContext.ResourceGroup}/providers/Microsoft.DBforMySQL/flexibleServers",
            ArmAnswer.Json(200, new { value = new[] { TaggedServer("inst-a"), TaggedServer("inst-b", state: "Stopped"), ServerJson.Server("someone-elses", tags: new Dictionary<string, string>()) } }));

        var statuses = await CreatePlatform().ReconcileAsync(CancellationToken.None);

        Assert.Equal(
            [("inst-a", ServerState.Running), ("inst-b", ServerState.Stopped)],
            statuses.Select(status => (status.ServerId, status.State)).OrderBy(pair => pair.ServerId, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("inst-1")]
    [InlineData("Inst_With.Dots_AND_CAPS")]
    [InlineData("a")]
    [InlineData("________")]
    [InlineData("a-very-long-server-id-that-goes-on-and-on-well-past-sixty-three")]
    public void ServerNames_AreValidFlexibleServerNames_StableAndDistinctPerResourceGroup(string serverId)
    {
        var name = AzureServerNames.For("rg-dbaas", serverId);

        Assert.Matches("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", name);
        Assert.Equal(name, AzureServerNames.For("rg-dbaas", serverId));
        Assert.NotEqual(name, AzureServerNames.For("rg-other", serverId));
        Assert.NotEqual(name, AzureServerNames.For("rg-dbaas", serverId + "x"));
    }

    [Theory]
    [InlineData(1, 512, "Standard_B1s")]
    [InlineData(1, 2048, "Standard_B1ms")]
    [InlineData(2, 4096, "Standard_B2s")]
    [InlineData(4, 8192, "Standard_B4ms")]
    [InlineData(2, 8192, "Standard_D2ads_v5")]
    [InlineData(4, 16384, "Standard_D4ads_v5")]
    [InlineData(4, 32768, "Standard_E4ads_v5")]
    [InlineData(64, 131072, "Standard_D64ads_v5")]
    public void Flavors_MapOntoTheSmallestFittingSizeOfTheirTier(int vCpus, int ramMegabytes, string expected) =>
        Assert.Equal(expected, FlexibleServerSizes.For(new FlavorSpec(vCpus, ramMegabytes, 100)).Name);

    [Fact]
    public void AFlavorLargerThanAnySize_IsRefused() =>
        Assert.Throws<ArgumentException>(() => FlexibleServerSizes.For(new FlavorSpec(128, 4 * 1024 * 1024, 100)));

    /// <summary>
    /// Scripts a provision: the server is missing until created, the create is followed by <see cref="CreateOperation"/>
    /// with <paramref name="createPolls"/>, the firewall rule is done at once, the parameters by an async operation.
    /// </summary>
    private void ScriptProvision(string server, params ArmAnswer[] createPolls)
    {
        var notFound = ArmAnswer.Error(404, "ResourceNotFound", "Not found.");
        Context.Arm.On("GET", server, notFound, notFound, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("PUT", server, ArmAnswer.AcceptedAsync(201, CreateOperation));
        Context.Arm.On("GET", CreateOperation, createPolls);
        Context.Arm.On("PUT", server + "/firewallRules/" + AzureDatabasePlatform.AllowAzureServicesRule, ArmAnswer.Json(200, new { properties = new { startIpAddress = "0.0.0.0", endIpAddress = "0.0.0.0" } }));
        Context.Arm.On("POST", server + "/updateConfigurations", ArmAnswer.AcceptedAsync(202, ParametersOperation));
        Context.Arm.On("GET", ParametersOperation, ArmAnswer.OperationStatus("Succeeded"));
    }
}
