using System.Globalization;
using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// A replica created with the real <c>openstack database instance create --replica-of</c> inherits its source's
/// configuration group: shown on the replica, and in effect on its server (<c>SHOW GLOBAL VARIABLES</c>), the dynamic value
/// and the one that needs a restart alike, with the replica <c>ACTIVE</c> rather than waiting for a restart. The source is
/// created with the group (<c>--configuration</c>) and an access, which the client shows.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackReplicaConfigurationTests(ApiHost host)
{
    private const string Project = "hotel";
    private const string Token = "token-hotel-replica-cfg-8642";
    private const string Password = "Replica-Cfg-Secret-77";

    [Fact]
    public async Task AReplicaCreatedLater_RunsWithItsSourcesGroup_DynamicAndRestartRequiredValues()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);
        using var client = host.Client(Project, Token);
        var group = await cli.JsonAsync(
            "database", "configuration", "create", "repl-cfg", """{"wait_timeout": 4321, "performance_schema": true}""",
            "--datastore", "mysql", "--datastore-version", "10.11");
        var groupId = group.GetProperty("id").GetString()!;
        var created = await cli.JsonAsync(
            "database", "instance", "create", "cfg-src", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "app", "--users", $"app:{Password}", "--is-public", "--allowed-cidr", "10.0.0.0/8",
            "--configuration", "repl-cfg");
        var sourceId = created.GetProperty("id").GetString()!;

        // Created with the group (given by name): ACTIVE with every value in effect, the restart-required one included.
        var source = await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");
        Assert.Equal("4321", await ShowGlobalAsync(source, "wait_timeout"));
        Assert.Equal("ON", await ShowGlobalAsync(source, "performance_schema"));

        // The access asked for on create is recorded and shown (one machine does not filter by address).
        var shownSource = await cli.JsonAsync("database", "instance", "show", "cfg-src");
        Assert.Equal(groupId, shownSource.GetProperty("configuration").GetString());
        Assert.True(shownSource.GetProperty("public").GetBoolean());
        Assert.Contains("10.0.0.0/8", shownSource.GetProperty("allowed_cidrs").GetRawText(), StringComparison.Ordinal);

        var wrongGroup = await cli.TryRunAsync(
            "database", "instance", "create", "cfg-none", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql", "--datastore-version", "10.11",
            "--configuration", "no-such-group");
        Assert.NotEqual(0, wrongGroup.ExitCode);
        Assert.Contains("(HTTP 404)", wrongGroup.Error, StringComparison.Ordinal);

        var replicaCreated = await cli.JsonAsync("database", "instance", "create", "cfg-copy", "--replica-of", "cfg-src");
        var replicaId = replicaCreated.GetProperty("id").GetString()!;
        var replica = await ResourcePolling.WaitForStatusAsync(client, "instances", replicaId, "ACTIVE");

        var shown = await cli.JsonAsync("database", "instance", "show", "cfg-copy");
        Assert.Equal(groupId, shown.GetProperty("configuration").GetString());
        Assert.Equal(sourceId, shown.GetProperty("replica_of").GetString());
        Assert.Equal("4321", await ShowGlobalAsync(replica, "wait_timeout"));
        Assert.Equal("ON", await ShowGlobalAsync(replica, "performance_schema"));
        Assert.Equal("ON", await ShowGlobalAsync(replica, "read_only"));
        var users = (await cli.JsonAsync("database", "configuration", "instances", "repl-cfg")).EnumerateArray()
            .Select(row => row.GetProperty("Name").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["cfg-copy", "cfg-src"], users);

        await cli.RunAsync("database", "instance", "delete", "cfg-copy");
        await ResourcePolling.WaitForGoneAsync(client, "instances", replicaId);
        await cli.RunAsync("database", "instance", "delete", "cfg-src");
        await ResourcePolling.WaitForGoneAsync(client, "instances", sourceId);
        await cli.RunAsync("database", "configuration", "delete", "repl-cfg");
    }

    private static async Task<string> ShowGlobalAsync(JsonElement instance, string variable)
    {
        await using var connection = await SqlSession.OpenAsync(
            instance.GetProperty("hostname").GetString()!, instance.GetProperty("port").GetInt32(), "app", Password);
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW GLOBAL VARIABLES LIKE @name";
        command.Parameters.AddWithValue("@name", variable);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"The server has no variable {variable}.");
        return Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!;
    }
}
