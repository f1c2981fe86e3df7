using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// Seed 001's incremental commands with the real openstack client (<c>backup create … --incremental</c>,
/// <c>--parent P</c>), the chain on show and list, a restore from the last member, and the chain's bad input.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackBackupChainCliTests(ApiHost host)
{
    private const string Project = "eta";
    private const string Token = "token-eta-chain-3141";
    private const string User = "erin";
    private const string Password = "Chain-Backup-Secret-77";

    [Fact]
    public async Task IncrementalAndParent_BuildAChain_ThatRestores_AndBadParentsOrTimesAreRefused()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);
        using var client = host.Client(Project, Token);

        var sourceId = (await cli.JsonAsync(
            "database", "instance", "create", "chain-src", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "shop", "--users", $"{User}:{Password}")).GetProperty("id").GetString()!;
        var source = await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(source, User, Password, "shop"))
        {
            await InstanceData.SeedAsync(connection, 1_000);
        }

        // No backup yet: --incremental takes a full one, as Trove does.
        var full = await CreateAsync(cli, client, sourceId, "database", "backup", "create", "chain-full", "--instance", "chain-src", "--incremental");
        Assert.Equal(JsonValueKind.Null, full.GetProperty("parent_id").ValueKind);

        await ChangeAsync(source, "UPDATE items SET amount = amount + 1 WHERE id % 10 = 0; INSERT INTO items SELECT id + 5000, sku, name, amount, created, note FROM items WHERE id <= 50");
        var inc1 = await CreateAsync(cli, client, sourceId, "database", "backup", "create", "chain-inc1", "--instance", "chain-src", "--incremental");
        Assert.Equal(full.GetProperty("id").GetString(), inc1.GetProperty("parent_id").GetString());

        // --parent by name: the client sends it as typed and the service resolves it.
        await ChangeAsync(source, "DELETE FROM items WHERE id % 7 = 0; CREATE TABLE extra (k INT PRIMARY KEY); INSERT INTO extra VALUES (1), (2)");
        string expected;
        await using (var connection = await InstanceData.OpenAsync(source, User, Password, "shop"))
        {
            expected = await InstanceData.FingerprintAsync(connection);
        }

        var inc2 = await CreateAsync(cli, client, sourceId, "database", "backup", "create", "chain-inc2", "--instance", "chain-src", "--parent", "chain-inc1");
        Assert.Equal(inc1.GetProperty("id").GetString(), inc2.GetProperty("parent_id").GetString());

        var shown = await cli.JsonAsync("database", "backup", "show", "chain-inc2");
        Assert.Equal(inc1.GetProperty("id").GetString(), shown.GetProperty("parent_id").GetString());
        Assert.Equal("incremental", shown.GetProperty("kind").GetString());
        Assert.Equal(full.GetProperty("id").GetString(), shown.GetProperty("chain_id").GetString());

        // The legacy columns are unchanged by the chain fields; Parent ID shows the chain.
        var listed = (await cli.JsonAsync("database", "backup", "list")).EnumerateArray().ToList();
        Assert.Equal(3, listed.Count);
        Assert.Equal(inc1.GetProperty("id").GetString(), listed.Single(b => b.GetProperty("Name").GetString() == "chain-inc2").GetProperty("Parent ID").GetString());
        using (var raw = await client.GetAsync("backups"))
        {
            var backups = (await TroveResponse.JsonAsync(raw, 200)).GetProperty("backups").EnumerateArray().ToList();
            Assert.All(backups, b => Assert.Equal(full.GetProperty("id").GetString(), b.GetProperty("chain_id").GetString()));
            Assert.All(backups, b => Assert.Equal(backups[0].GetProperty("covered_from").GetString(), b.GetProperty("covered_from").GetString()));
        }

        var restoredId = (await cli.JsonAsync("database", "instance", "create", "chain-restored", "--flavor", "m1.tiny", "--size", "1", "--backup", "chain-inc2"))
            .GetProperty("id").GetString()!;
        var restored = await ResourcePolling.WaitForStatusAsync(client, "instances", restoredId, "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(restored, User, Password, "shop"))
        {
            Assert.Equal(expected, await InstanceData.FingerprintAsync(connection));
            Assert.Equal(2L, Convert.ToInt64(await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM extra"), System.Globalization.CultureInfo.InvariantCulture));
        }

        // Bad input: an unknown parent (the client prints the service's message), a parent of another instance, a time outside the chain.
        var unknown = await cli.TryRunAsync("database", "backup", "create", "bad", "--instance", "chain-src", "--parent", "no-such-parent");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no-such-parent", unknown.Error, StringComparison.Ordinal);
        using (var other = await client.PostAsync("backups", TroveResponse.Body($$$"""{"backup": {"name": "x", "instance": "{{{restoredId}}}", "parent_id": "{{{inc2.GetProperty("id").GetString()}}}"}}""")))
        {
            Assert.Contains(sourceId, await TroveResponse.FaultAsync(other, 400, "badRequest"), StringComparison.Ordinal);
        }

        using (var early = await client.PostAsync("instances", TroveResponse.Body(RestoreBody("too-early", inc2.GetProperty("id").GetString()!, "2001-01-01T00:00:00Z"))))
        {
            Assert.Contains("outside what backup", await TroveResponse.FaultAsync(early, 400, "badRequest"), StringComparison.Ordinal);
        }

        using (var malformed = await client.PostAsync("instances", TroveResponse.Body(RestoreBody("bad-time", inc2.GetProperty("id").GetString()!, "yesterday"))))
        {
            Assert.Contains("restore_time", await TroveResponse.FaultAsync(malformed, 400, "badRequest"), StringComparison.Ordinal);
        }

        await cli.RunAsync("database", "instance", "delete", "chain-src", "chain-restored");
        await ResourcePolling.WaitForGoneAsync(client, "instances", sourceId);
        await ResourcePolling.WaitForGoneAsync(client, "instances", restoredId);
    }

    private static async Task<JsonElement> CreateAsync(OpenStackCli cli, HttpClient client, string instanceId, params string[] command)
    {
        var created = await cli.JsonAsync(command);
        var id = created.GetProperty("id").GetString()!;
        await ResourcePolling.WaitForStatusAsync(client, "backups", id, "COMPLETED");
        await ResourcePolling.WaitForStatusAsync(client, "instances", instanceId, "ACTIVE");
        return created;
    }

    private static string RestoreBody(string name, string backupId, string restoreTime) => JsonSerializer.Serialize(new
    {
        instance = new { name, flavorRef = "1", volume = new { size = 1 }, restorePoint = new { backupRef = backupId, restore_time = restoreTime } },
    });

    private static async Task ChangeAsync(JsonElement instance, string sql)
    {
        await using var connection = await InstanceData.OpenAsync(instance, User, Password, "shop");
        await connection.ExecuteAsync(sql);
    }
}
