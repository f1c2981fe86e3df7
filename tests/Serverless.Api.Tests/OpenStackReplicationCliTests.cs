using System.Net;
using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// Trove's replication walkthrough with the real <c>openstack database instance …</c> commands (docs/trove-clients.md
/// §4): create a replica by name, show and list the topology, promote it, detach the old source, and the refusals a
/// user meets (promote of a standalone, eject of a source that answers, detach of a standalone) in Trove's error shape.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackReplicationCliTests(ApiHost host)
{
    private const string Project = "echo";
    private const string Token = "token-echo-replication-4471";
    private const string Password = "Repl-Cli-Secret-31";

    [Fact]
    public async Task OpenStackCli_CreatesAReplicaByName_ShowsTheTopology_Promotes_AndDetaches_WithIdenticalData()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);
        using var client = host.Client(Project, Token);
        var created = await cli.JsonAsync(
            "database", "instance", "create", "repl-src", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "shop", "--users", $"carol:{Password}");
        var sourceId = created.GetProperty("id").GetString()!;
        var source = await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(source, "carol", Password, "shop"))
        {
            await InstanceData.SeedAsync(connection, 2_000);
        }

        var replicaCreated = await cli.JsonAsync("database", "instance", "create", "repl-copy", "--replica-of", "repl-src");
        var replicaId = replicaCreated.GetProperty("id").GetString()!;
        var replica = await ResourcePolling.WaitForStatusAsync(client, "instances", replicaId, "ACTIVE");

        var shownReplica = await cli.JsonAsync("database", "instance", "show", "repl-copy");
        Assert.Equal(sourceId, shownReplica.GetProperty("replica_of").GetString());
        var shownSource = await cli.JsonAsync("database", "instance", "show", "repl-src");
        Assert.Equal(replicaId, shownSource.GetProperty("replicas").GetString());
        var roles = (await cli.JsonAsync("database", "instance", "list")).EnumerateArray()
            .ToDictionary(row => row.GetProperty("Name").GetString()!, row => row.GetProperty("Role").GetString());
        Assert.Equal(("primary", "replica"), (roles["repl-src"], roles["repl-copy"]));
        var replication = replica.GetProperty("replication");
        Assert.Equal(("replica", "running"), (replication.GetProperty("role").GetString(), replication.GetProperty("state").GetString()));
        Assert.Equal(await FingerprintAsync(source), await FingerprintAsync(replica));

        // Refusals, each a Trove fault with a message that says what to do.
        var promoteSource = await cli.TryRunAsync("database", "instance", "promote", "repl-src");
        Assert.NotEqual(0, promoteSource.ExitCode);
        Assert.Contains("is not a replica", promoteSource.Error + promoteSource.Output, StringComparison.Ordinal);
        var ejectLive = await cli.TryRunAsync("database", "instance", "eject", "repl-src");
        Assert.NotEqual(0, ejectLive.ExitCode);
        Assert.Contains("still answers", ejectLive.Error + ejectLive.Output, StringComparison.Ordinal);
        var attach = await client.PutAsync($"instances/{sourceId}", TroveResponse.Body("{\"instance\": {\"replica_of\": \"" + replicaId + "\"}}"));
        await TroveResponse.FaultAsync(attach, 400, "badRequest");
        await TroveResponse.FaultAsync(await client.PostAsync($"instances/{sourceId}/action", TroveResponse.Body("""{"resync": {}}""")), 400, "badRequest");

        await cli.RunAsync("database", "instance", "promote", "repl-copy");
        await WaitUntilAsync(client, sourceId, instance => instance.GetProperty("status").GetString() == "ACTIVE" && instance.TryGetProperty("replica_of", out _));
        var promoted = await ResourcePolling.WaitForStatusAsync(client, "instances", replicaId, "ACTIVE");
        Assert.False(promoted.TryGetProperty("replica_of", out _));
        Assert.Equal(sourceId, promoted.GetProperty("replicas")[0].GetProperty("id").GetString());
        Assert.Equal(replicaId, (await cli.JsonAsync("database", "instance", "show", "repl-src")).GetProperty("replica_of").GetString());

        await cli.RunAsync("database", "instance", "detach", "repl-src");
        var standalone = await WaitUntilAsync(client, sourceId, instance => instance.GetProperty("status").GetString() == "ACTIVE" && !instance.TryGetProperty("replica_of", out _));
        Assert.False((await ResourcePolling.WaitForStatusAsync(client, "instances", replicaId, "ACTIVE")).TryGetProperty("replicas", out _));
        Assert.Equal(await FingerprintAsync(promoted), await FingerprintAsync(standalone));
        await using (var connection = await InstanceData.OpenAsync(standalone, "carol", Password, "shop"))
        {
            await connection.ExecuteAsync("DELETE FROM items WHERE id = 1");
        }

        var detachStandalone = await cli.TryRunAsync("database", "instance", "detach", "repl-src");
        Assert.NotEqual(0, detachStandalone.ExitCode);
        Assert.Contains("is not a replica", detachStandalone.Error + detachStandalone.Output, StringComparison.Ordinal);

        await cli.RunAsync("database", "instance", "delete", "repl-src");
        await cli.RunAsync("database", "instance", "delete", "repl-copy");
        await ResourcePolling.WaitForGoneAsync(client, "instances", sourceId);
        await ResourcePolling.WaitForGoneAsync(client, "instances", replicaId);
    }

    private static async Task<string> FingerprintAsync(JsonElement instance)
    {
        await using var connection = await InstanceData.OpenAsync(instance, "carol", Password, "shop");
        return await InstanceData.FingerprintAsync(connection);
    }

    private static async Task<JsonElement> WaitUntilAsync(HttpClient client, string id, Func<JsonElement, bool> reached)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            using var response = await client.GetAsync($"instances/{id}");
            var instance = (await TroveResponse.JsonAsync(response, (int)HttpStatusCode.OK)).GetProperty("instance");
            if (reached(instance))
            {
                return instance;
            }

            Assert.NotEqual("ERROR", instance.GetProperty("status").GetString());
            await Task.Delay(250, deadline.Token);
        }
    }
}
