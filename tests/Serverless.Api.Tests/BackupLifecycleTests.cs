using System.Net;
using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class BackupLifecycleTests(ApiHost host)
{
    private const string Project = "epsilon";
    private const string Token = "token-epsilon-backups-3141";
    private const string RefusalsProject = "eta";
    private const string RefusalsToken = "token-eta-backups-1618";
    private const string User = "alice";
    private const string Password = "Backup-Secret-27q";
    private const int Rows = 5_000;

    private static readonly string[] BackupKeys =
    [
        "id", "name", "description", "locationRef", "instance_id", "created", "updated", "size", "status", "parent_id", "project_id", "datastore",
        "operation_id", "progress",
    ];

    [Fact]
    public async Task Backup_IsCreatedShownListedPagedAndDeleted_AndRestoresIntoANewInstanceWithTheSameRows()
    {
        host.AddProject(Project, Token);
        using var client = host.Client(Project, Token);
        var (sourceId, expected) = await CreateSeededInstanceAsync(client);

        // Create: 202 with the complete object the clients print (every key, nulls included).
        using var createResponse = await client.PostAsync("backups", TroveResponse.Body(
            $$$"""{"backup": {"name": "nightly", "incremental": 0, "instance": "{{{sourceId}}}", "description": "before the migration"}}"""));
        var created = (await TroveResponse.JsonAsync(createResponse, 202)).GetProperty("backup");
        var backupId = created.GetProperty("id").GetString()!;
        Assert.All(BackupKeys, key => Assert.True(created.TryGetProperty(key, out _), $"the backup has no '{key}': {created}"));
        Assert.Equal("nightly", created.GetProperty("name").GetString());
        Assert.Equal("before the migration", created.GetProperty("description").GetString());
        Assert.Equal(sourceId, created.GetProperty("instance_id").GetString());
        Assert.Equal(Project, created.GetProperty("project_id").GetString());
        Assert.Equal("NEW", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("size").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("locationRef").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("parent_id").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", created.GetProperty("created").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", created.GetProperty("updated").GetString());
        var datastore = created.GetProperty("datastore");
        Assert.Equal("mysql", datastore.GetProperty("type").GetString());
        Assert.Equal("10.11", datastore.GetProperty("version").GetString());
        Assert.Equal("mysql-10.11", datastore.GetProperty("version_id").GetString());

        // The clients GET or list right after a create.
        using (var shown = await client.GetAsync($"backups/{backupId}"))
        {
            Assert.Equal(backupId, (await TroveResponse.JsonAsync(shown, 200)).GetProperty("backup").GetProperty("id").GetString());
        }

        var completed = await ResourcePolling.WaitForStatusAsync(client, "backups", backupId, "COMPLETED");
        Assert.True(completed.GetProperty("size").GetDouble() > 0, $"a completed backup has a size: {completed}");
        Assert.Equal(100, completed.GetProperty("progress").GetInt32());
        Assert.False(string.IsNullOrEmpty(completed.GetProperty("locationRef").GetString()));
        await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");

        // Every list carries the complete object, so the clients fetch nothing per item.
        var listed = Assert.Single(await ListAsync(client, "backups"));
        Assert.Equal(completed.GetRawText(), listed.GetRawText());
        Assert.Equal(backupId, Assert.Single(await ListAsync(client, $"backups?instance_id={sourceId}&datastore=mysql")).GetProperty("id").GetString());
        Assert.Empty(await ListAsync(client, "backups?instance_id=4f1d0c2e-0000-4000-8000-000000000000"));
        Assert.Equal(backupId, Assert.Single(await ListAsync(client, $"instances/{sourceId}/backups")).GetProperty("id").GetString());
        Assert.Single(await ListAsync(client, $"backups?all_projects=False&project_id={Project}"));

        // Newest first, paged by marker, with the filter kept in the next link.
        using (var second = await client.PostAsync("backups", TroveResponse.Body($$$"""{"backup": {"name": "second", "incremental": false, "instance": "{{{sourceId}}}"}}""")))
        {
            var secondId = (await TroveResponse.JsonAsync(second, 202)).GetProperty("backup").GetProperty("id").GetString()!;

            // Right after its create the backup runs: it cannot be deleted, and its instance takes no other backup.
            Assert.Contains(secondId, await TroveResponse.FaultAsync(await client.DeleteAsync($"backups/{secondId}"), 409, "conflict"), StringComparison.Ordinal);
            var busy = await TroveResponse.FaultAsync(
                await client.PostAsync("backups", TroveResponse.Body($$$"""{"backup": {"name": "third", "incremental": 0, "instance": "{{{sourceId}}}"}}""")), 422, "unprocessableEntity");
            Assert.Contains(sourceId, busy, StringComparison.Ordinal);
            await ResourcePolling.WaitForStatusAsync(client, "backups", secondId, "COMPLETED");
            await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");

            using var page1Response = await client.GetAsync($"backups?instance_id={sourceId}&limit=1");
            var page1 = await TroveResponse.JsonAsync(page1Response, 200);
            Assert.Equal(secondId, Assert.Single(page1.GetProperty("backups").EnumerateArray()).GetProperty("id").GetString());
            var next = Assert.Single(page1.GetProperty("links").EnumerateArray());
            Assert.Equal("next", next.GetProperty("rel").GetString());
            Assert.Contains($"marker={secondId}", next.GetProperty("href").GetString(), StringComparison.Ordinal);
            Assert.Contains($"instance_id={sourceId}", next.GetProperty("href").GetString(), StringComparison.Ordinal);
            using var page2Response = await client.GetAsync($"instances/{sourceId}/backups?limit=1&marker={secondId}");
            var page2 = await TroveResponse.JsonAsync(page2Response, 200);
            Assert.Equal(backupId, Assert.Single(page2.GetProperty("backups").EnumerateArray()).GetProperty("id").GetString());
            Assert.False(page2.TryGetProperty("links", out _));

            using var deleted = await client.DeleteAsync($"backups/{secondId}");
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
            Assert.Empty(await deleted.Content.ReadAsStringAsync());
            await ResourcePolling.WaitForGoneAsync(client, "backups", secondId);
        }

        // Restore: an instance create with a restorePoint, as both CLIs send it.
        var restoredId = await CreateInstanceAsync(client, RestoreBody("backup-restored", backupId));
        var restored = await ResourcePolling.WaitForStatusAsync(client, "instances", restoredId, "ACTIVE");
        Assert.Equal("10.11", restored.GetProperty("datastore").GetProperty("version").GetString());
        await using (var connection = await InstanceData.OpenAsync(restored, User, Password, "orders"))
        {
            Assert.Equal(expected, await InstanceData.FingerprintAsync(connection));
        }

        // The backup stays restorable after its instance is gone, as in Trove.
        foreach (var id in new[] { sourceId, restoredId })
        {
            using var delete = await client.DeleteAsync($"instances/{id}");
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        await ResourcePolling.WaitForGoneAsync(client, "instances", sourceId);
        await ResourcePolling.WaitForGoneAsync(client, "instances", restoredId);
        Assert.Equal("COMPLETED", (await ResourcePolling.WaitForStatusAsync(client, "backups", backupId, "COMPLETED")).GetProperty("status").GetString());
        using (var delete = await client.DeleteAsync($"backups/{backupId}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        await ResourcePolling.WaitForGoneAsync(client, "backups", backupId);
        Assert.Empty(await ListAsync(client, "backups"));
        Assert.All(host.Logs, line => Assert.DoesNotContain(Password, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteWithDependents_Is409NamingThem_AndRestoringTooBigOrUnfinishedBackups_IsRefused()
    {
        host.AddProject(RefusalsProject, RefusalsToken);
        using var client = host.Client(RefusalsProject, RefusalsToken);
        var (sourceId, _) = await CreateSeededInstanceAsync(client);
        using var createResponse = await client.PostAsync("backups", TroveResponse.Body($$$"""{"backup": {"name": "base", "incremental": 0, "instance": "{{{sourceId}}}"}}"""));
        var backupId = (await TroveResponse.JsonAsync(createResponse, 202)).GetProperty("backup").GetProperty("id").GetString()!;
        await ResourcePolling.WaitForStatusAsync(client, "backups", backupId, "COMPLETED");

        // Backups in states the API does not make (incremental ones are refused for now): planted copies of the real one.
        var child = await PlantedBackups.CopyAsync(host, RefusalsProject, backupId, backup => backup["parentId"] = backupId);
        var huge = await PlantedBackups.CopyAsync(host, RefusalsProject, backupId, backup => backup["dataBytes"] = 200L * 1024 * 1024 * 1024);
        var failed = await PlantedBackups.CopyAsync(host, RefusalsProject, backupId, backup => backup["status"] = "FAILED");
        var dependents = await TroveResponse.FaultAsync(await client.DeleteAsync($"backups/{backupId}"), 409, "conflict");
        Assert.Contains(child, dependents, StringComparison.Ordinal);
        Assert.DoesNotContain(huge, dependents, StringComparison.Ordinal);
        var tooBig = await TroveResponse.FaultAsync(await client.PostAsync("instances", TroveResponse.Body(RestoreBody("too-big", huge))), 400, "badRequest");
        Assert.Contains(huge, tooBig, StringComparison.Ordinal);
        Assert.Contains("volume", tooBig, StringComparison.Ordinal);
        Assert.Contains(failed, await TroveResponse.FaultAsync(await client.PostAsync("instances", TroveResponse.Body(RestoreBody("from-failed", failed))), 409, "conflict"), StringComparison.Ordinal);
        foreach (var planted in new[] { child, huge, failed })
        {
            using var delete = await client.DeleteAsync($"backups/{planted}");
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            await ResourcePolling.WaitForGoneAsync(client, "backups", planted);
        }

        using (var delete = await client.DeleteAsync($"backups/{backupId}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        await ResourcePolling.WaitForGoneAsync(client, "backups", backupId);
        await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");
        using (var delete = await client.DeleteAsync($"instances/{sourceId}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        await ResourcePolling.WaitForGoneAsync(client, "instances", sourceId);
    }

    /// <summary>An ACTIVE instance with <see cref="Rows"/> rows in <c>orders.items</c>; returns its id and their fingerprint.</summary>
    private static async Task<(string Id, string Fingerprint)> CreateSeededInstanceAsync(HttpClient client)
    {
        var id = await CreateInstanceAsync(client, $$$"""
            {"instance": {"name": "backup-source", "flavorRef": 1, "volume": {"size": 1}, "databases": [{"name": "orders"}],
              "users": [{"name": "{{{User}}}", "password": "{{{Password}}}", "databases": [{"name": "orders"}]}]}}
            """);
        var instance = await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");
        await using var connection = await InstanceData.OpenAsync(instance, User, Password, "orders");
        await InstanceData.SeedAsync(connection, Rows);
        return (id, await InstanceData.FingerprintAsync(connection));
    }

    private static string RestoreBody(string name, string backupId) =>
        $$$"""{"instance": {"name": "{{{name}}}", "flavorRef": 1, "volume": {"size": 1}, "restorePoint": {"backupRef": "{{{backupId}}}"} } }""";

    private static async Task<string> CreateInstanceAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("instances", TroveResponse.Body(body));
        return (await TroveResponse.JsonAsync(response, 200)).GetProperty("instance").GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return [.. (await TroveResponse.JsonAsync(response, 200)).GetProperty("backups").EnumerateArray()];
    }
}
