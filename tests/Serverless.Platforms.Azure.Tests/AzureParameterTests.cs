using System.Text.Json;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// Read-only fencing and configuration groups on Azure: ARM server parameters (<c>configurations</c>) set through one
/// <c>updateConfigurations</c> batch and polled, against the fake ARM.
/// </summary>
public sealed class AzureParameterTests : AzurePlatformTest
{
    private const string UpdateOperation = "/subscriptions/x/providers/Microsoft.DBforMySQL/locations/westeurope/azureAsyncOperation/update-1";

    [Fact]
    public async Task SetReadOnly_SetsTheServerParameter_AndAHostRestartContinuesPollingWithoutSendingItAgain()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("GET", server, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("GET", server + "/configurations/read_only", ArmAnswer.Json(200, Parameter("read_only", "OFF", "OFF", "ON,OFF")));
        Context.Arm.On("POST", server + "/updateConfigurations", ArmAnswer.AcceptedAsync(202, UpdateOperation, retryAfterSeconds: 7));
        Context.Arm.On("GET", UpdateOperation, ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 7), ArmAnswer.OperationStatus("InProgress"), ArmAnswer.OperationStatus("Succeeded"));

        var begun = await CreatePlatform().BeginSetReadOnlyAsync(InstanceId, isReadOnly: true, CancellationToken.None);
        var history = JsonSerializer.Serialize(begun);
        var restarted = CreatePlatform();
        var operation = JsonSerializer.Deserialize<PlatformOperation>(history)!;
        for (var polls = 0; !operation.IsCompleted; polls++)
        {
            Assert.True(polls < 10, "Setting read_only never completed.");
            operation = await restarted.PollAsync(operation, CancellationToken.None);
        }

        Assert.Equal((PlatformOperationKind.SetReadOnly, TimeSpan.FromSeconds(7)), (begun.Kind, begun.PollAfter));
        var item = Assert.Single(Assert.Single(Context.Arm.RequestsTo("POST", server + "/updateConfigurations")).Json().GetProperty("value").EnumerateArray());
        Assert.Equal("read_only", item.GetProperty("name").GetString());
        Assert.Equal("ON", item.GetProperty("properties").GetProperty("value").GetString());
        Assert.Equal("user-override", item.GetProperty("properties").GetProperty("source").GetString());
        Assert.Equal(3, Context.Arm.RequestsTo("GET", UpdateOperation).Count);
    }

    [Fact]
    public async Task SetReadOnly_ToTheValueTheServerHas_OrOnAReplica_SendsNothing_AndAReplicaCannotBeMadeWritable()
    {
        Context.Arm.On("GET", PathOf(InstanceId), ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("GET", PathOf(InstanceId) + "/configurations/read_only", ArmAnswer.Json(200, Parameter("read_only", "ON", "OFF", "ON,OFF")));
        Context.Arm.On("GET", PathOf("rep-1"), ArmAnswer.Json(200, TaggedServer("rep-1", replicationRole: "Replica", sourceServerId: InstanceId)));
        var platform = CreatePlatform();

        await platform.SetReadOnlyAsync(InstanceId, isReadOnly: true, CancellationToken.None);
        await platform.SetReadOnlyAsync("rep-1", isReadOnly: true, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => platform.SetReadOnlyAsync("rep-1", isReadOnly: false, CancellationToken.None));

        Assert.Contains("read replica", refused.Message, StringComparison.Ordinal);
        Assert.Contains("stop its replication", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Context.Arm.Requests, request => request.Method == "POST");
    }

    [Fact]
    public async Task SetReadOnly_WhereAzureDoesNotLetItChange_IsRefusedWithTheReason_AndAnUnknownServerIsNotFound()
    {
        Context.Arm.On("GET", PathOf(InstanceId), ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("GET", PathOf(InstanceId) + "/configurations/read_only", ArmAnswer.Json(200, Parameter("read_only", "OFF", "OFF", "OFF", isReadOnly: true)));
        Context.Arm.On("GET", PathOf("gone-1"), ArmAnswer.Error(404, "ResourceNotFound", "not found"));
        var platform = CreatePlatform();

        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => platform.SetReadOnlyAsync(InstanceId, isReadOnly: true, CancellationToken.None));
        await Assert.ThrowsAsync<ServerNotFoundException>(() => platform.SetReadOnlyAsync("gone-1", isReadOnly: true, CancellationToken.None));

        Assert.Contains($"read_only of server '{InstanceId}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: OFF", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Context.Arm.Requests, request => request.Method == "POST");
    }

    [Fact]
    public async Task ApplyParameters_SendsOneBatchOfWhatDiffers_DefaultsForUnsetOnes_AndReportsAStaticChangeAsNeedingARestart()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("GET", server, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("GET", server + "/configurations/max_connections", ArmAnswer.Json(200, Parameter("max_connections", "400", "151", "10-5000")));
        Context.Arm.On("GET", server + "/configurations/slow_query_log", ArmAnswer.Json(200, Parameter("slow_query_log", "OFF", "OFF", "ON,OFF")));
        Context.Arm.On("GET", server + "/configurations/wait_timeout", ArmAnswer.Json(200, Parameter("wait_timeout", "28800", "28800", "1-31536000")));
        Context.Arm.On("GET", server + "/configurations/performance_schema", ArmAnswer.Json(200, Parameter("performance_schema", "ON", "OFF", "ON,OFF", isDynamic: false)));
        Context.Arm.On("POST", server + "/updateConfigurations", ArmAnswer.AcceptedAsync(202, UpdateOperation));
        Context.Arm.On("GET", UpdateOperation, ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 3), ArmAnswer.OperationStatus("Succeeded"));

        var restartRequired = await CreatePlatform().ApplyParametersAsync(
            InstanceId,
            [
                new ServerParameterSetting("max_connections", "500", "integer", RestartRequired: false),
                new ServerParameterSetting("slow_query_log", "1", "boolean", RestartRequired: false),
                new ServerParameterSetting("wait_timeout", null, "integer", RestartRequired: false),
                new ServerParameterSetting("performance_schema", null, "boolean", RestartRequired: true),
            ],
            CancellationToken.None);

        Assert.True(restartRequired);
        var sent = Assert.Single(Context.Arm.RequestsTo("POST", server + "/updateConfigurations")).Json().GetProperty("value").EnumerateArray()
            .ToDictionary(item => item.GetProperty("name").GetString()!, item => item.GetProperty("properties").GetProperty("value").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["max_connections"] = "500", ["performance_schema"] = "OFF", ["slow_query_log"] = "ON" }, sent);
        Assert.Equal(2, Context.Arm.RequestsTo("GET", UpdateOperation).Count);
    }

    [Fact]
    public async Task ApplyParameters_WhenEverythingIsInPlace_SendsNothing_AndAParameterAzureLocksIsRefusedByName()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("GET", server, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("GET", server + "/configurations/max_connections", ArmAnswer.Json(200, Parameter("max_connections", "500", "151", "10-5000")));
        Context.Arm.On("GET", server + "/configurations/back_log", ArmAnswer.Json(200, Parameter("back_log", "80", "80", "1-65535", isReadOnly: true, isDynamic: false)));
        var platform = CreatePlatform();

        var unchanged = await platform.ApplyParametersAsync(InstanceId, [new ServerParameterSetting("max_connections", "500", "integer", false)], CancellationToken.None);
        var locked = await Assert.ThrowsAsync<InvalidOperationException>(() => platform.ApplyParametersAsync(
            InstanceId, [new ServerParameterSetting("max_connections", "600", "integer", false), new ServerParameterSetting("back_log", "100", "integer", true)], CancellationToken.None));

        Assert.False(unchanged);
        Assert.Contains("'back_log'", locked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Context.Arm.Requests, request => request.Method == "POST");
    }

    internal static object Parameter(string name, string value, string defaultValue, string allowedValues, bool isReadOnly = false, bool isDynamic = true) => new
    {
        id = $"{PathOf(InstanceId)}/configurations/{name}",
        name,
        type = "Microsoft.DBforMySQL/flexibleServers/configurations",
        properties = new
        {
            value,
            defaultValue,
            allowedValues,
            source = value == defaultValue ? "system-default" : "user-override",
            isReadOnly = isReadOnly ? "True" : "False",
            isDynamicConfig = isDynamic ? "True" : "False",
            isConfigPendingRestart = "False",
        },
    };
}
