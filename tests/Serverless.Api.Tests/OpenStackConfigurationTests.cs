using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// Configuration groups through the real <c>openstack database configuration …</c> client, checked on the server itself:
/// attached values in <c>SELECT @@GLOBAL…</c>, a restart-required one only after a restart, detach back to the defaults.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackConfigurationTests(ApiHost host)
{
    private const string Project = "golf";
    private const string Token = "token-golf-cfg-9753";
    private const string Password = "Config-Secret-42";

    [Fact]
    public async Task ConfigurationGroup_AttachRestartPatchDetachAndDelete_AsTheServerSeesIt()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);
        using var client = host.Client(Project, Token);

        var parameters = await cli.JsonAsync("database", "configuration", "parameter", "list", "--datastore", "mysql", "10.11");
        var maxConnections = Assert.Single(parameters.EnumerateArray(), p => p.GetProperty("Name").GetString() == "max_connections");
        Assert.Equal("integer", maxConnections.GetProperty("Type").GetString());
        var performanceSchema = await cli.JsonAsync("database", "configuration", "parameter", "show", "--datastore", "mysql", "10.11", "performance_schema");
        Assert.True(performanceSchema.GetProperty("restart_required").GetBoolean());

        var unknown = await cli.TryRunAsync("database", "configuration", "create", "cfg-bad", """{"no_such_knob": 1}""", "--datastore", "mysql", "--datastore-version", "10.11");
        Assert.Contains("The configuration parameter no_such_knob is not supported", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 400)", unknown.Error, StringComparison.Ordinal);
        var outOfRange = await cli.TryRunAsync("database", "configuration", "create", "cfg-bad", """{"max_connections": 5}""", "--datastore", "mysql", "--datastore-version", "10.11");
        Assert.Contains("max_connections is less than the minimum allowed: 10", outOfRange.Error, StringComparison.Ordinal);

        var group = await cli.JsonAsync(
            "database", "configuration", "create", "cfg1", """{"max_connections": 321, "wait_timeout": 1234, "slow_query_log": true, "performance_schema": true}""",
            "--datastore", "mysql", "--datastore-version", "10.11", "--description", "tuned");
        var groupId = group.GetProperty("id").GetString()!;
        var shown = await cli.JsonAsync("database", "configuration", "show", "cfg1");
        using (var values = JsonDocument.Parse(shown.GetProperty("values").GetString()!))
        {
            Assert.Equal(321, values.RootElement.GetProperty("max_connections").GetInt32());
            Assert.True(values.RootElement.GetProperty("slow_query_log").GetBoolean());
        }

        var created = await cli.JsonAsync(
            "database", "instance", "create", "cfg-db", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "app", "--users", $"app:{Password}");
        var id = created.GetProperty("id").GetString()!;
        var instance = await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");
        Assert.Equal(0, await GlobalAsync(instance, "performance_schema"));

        await cli.RunAsync("database", "configuration", "attach", "cfg-db", "cfg1");
        instance = await ResourcePolling.WaitForStatusAsync(client, "instances", id, "RESTART_REQUIRED");
        Assert.Equal(groupId, instance.GetProperty("configuration").GetProperty("id").GetString());
        Assert.Equal(321, await GlobalAsync(instance, "max_connections"));
        Assert.Equal(1234, await GlobalAsync(instance, "wait_timeout"));
        Assert.Equal(1, await GlobalAsync(instance, "slow_query_log"));
        Assert.Equal(0, await GlobalAsync(instance, "performance_schema"));

        var users = await cli.JsonAsync("database", "configuration", "instances", "cfg1");
        Assert.Equal("cfg-db", Assert.Single(users.EnumerateArray()).GetProperty("Name").GetString());
        var effective = await cli.JsonAsync("database", "configuration", "default", "cfg-db");
        Assert.Equal("321", effective.GetProperty("max_connections").GetString());
        var attached = await cli.TryRunAsync("database", "configuration", "delete", "cfg1");
        Assert.Contains("is attached to 'cfg-db'", attached.Error + attached.Output, StringComparison.Ordinal);
        Assert.Contains("(HTTP 409)", attached.Error + attached.Output, StringComparison.Ordinal);

        await cli.RunAsync("database", "instance", "restart", "cfg-db");
        instance = await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");
        Assert.Equal(1, await GlobalAsync(instance, "performance_schema"));
        Assert.Equal(321, await GlobalAsync(instance, "max_connections"));

        await cli.RunAsync("database", "configuration", "parameter", "set", groupId, """{"wait_timeout": 999}""");
        instance = await WaitForConfiguredAsync(client, id, "ACTIVE");
        Assert.Equal(999, await GlobalAsync(instance, "wait_timeout"));
        Assert.Equal(321, await GlobalAsync(instance, "max_connections"));

        await cli.RunAsync("database", "configuration", "detach", "cfg-db");
        instance = await ResourcePolling.WaitForStatusAsync(client, "instances", id, "RESTART_REQUIRED");
        Assert.False(instance.TryGetProperty("configuration", out _));
        Assert.Equal(100, await GlobalAsync(instance, "max_connections"));
        Assert.Equal(28800, await GlobalAsync(instance, "wait_timeout"));
        Assert.Equal(0, await GlobalAsync(instance, "slow_query_log"));
        await cli.RunAsync("database", "instance", "restart", "cfg-db");
        instance = await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");
        Assert.Equal(0, await GlobalAsync(instance, "performance_schema"));

        await cli.RunAsync("database", "configuration", "delete", "cfg1");
        await ResourcePolling.WaitForGoneAsync(client, "configurations", groupId);
        await cli.RunAsync("database", "instance", "delete", "cfg-db");
        await ResourcePolling.WaitForGoneAsync(client, "instances", id);
    }

    private static Task<long> GlobalAsync(JsonElement instance, string variable) => InstanceData.GlobalVariableAsync(instance, "app", Password, variable);

    // A change to an attached group configures the instance: it leaves ACTIVE for CONFIGURING and comes back.
    private static async Task<JsonElement> WaitForConfiguredAsync(HttpClient client, string id, string status)
    {
        using var response = await client.GetAsync($"instances/{id}");
        var operationId = (await TroveResponse.JsonAsync(response, 200)).GetProperty("instance").GetProperty("operation_id").GetString()!;
        var operation = await ResourcePolling.WaitForStatusAsync(client, "operations", operationId, "COMPLETED");
        Assert.Equal("configure", operation.GetProperty("kind").GetString());
        return await ResourcePolling.WaitForStatusAsync(client, "instances", id, status);
    }
}
