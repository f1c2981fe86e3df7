using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// Backups on the local host as users meet them: through the legacy <c>trove</c> client, and with the host killed
/// (SIGKILL) in the middle of a backup's dump and of a restore's load, then started again on the same state.
/// </summary>
public sealed class BackupEndToEndTests(LocalHostFixture fixture, ITestOutputHelper output) : IClassFixture<LocalHostFixture>
{
    private const string AppUser = "app";
    private const string AppPassword = "Backup-e2e-pw7";
    private const string DumpStep = "dump-snapshot";
    private const string LoadStep = "load-backup";

    // Enough rows (about 150 MB) that the dump and the load run for a second or more: the test polls the operation
    // every 20 ms and kills the host as soon as the step shows, so the kill lands while the step moves rows.
    private const int ManyRows = 1_000_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private readonly LocalHostClients _clients = new(fixture, output);

    [Fact]
    public async Task LegacyTroveClient_CreatesListsShowsAndDeletesABackup_AndCreatesAnInstanceFromIt()
    {
        var created = (await _clients.TroveAsync("create", "tb-src", "m1.tiny", "--size", "1", "--datastore", "mysql", "--datastore_version", "10.11",
            "--databases", "appdb", "--users", $"{AppUser}:{AppPassword}")).StandardOutput;
        var sourceId = LocalHostClients.Property(created, "id");
        var expected = await SeedAsync(await WaitForAsync("instances", sourceId, "ACTIVE"), rows: 1_000);

        // Legacy backup-create takes INSTANCE NAME, and GETs the new backup before printing it.
        var backup = (await _clients.TroveAsync("backup-create", "tb-src", "tb-nightly", "--description", "taken by trove")).StandardOutput;
        output.WriteLine(backup);
        var backupId = LocalHostClients.Property(backup, "id");
        Assert.Equal("tb-nightly", LocalHostClients.Property(backup, "name"));
        Assert.Equal(sourceId, LocalHostClients.Property(backup, "instance_id"));
        Assert.Equal("mysql", LocalHostClients.Property(backup, "datastore"));
        Assert.Equal("10.11", LocalHostClients.Property(backup, "datastore_version"));
        await WaitForAsync("backups", backupId, "COMPLETED");
        await WaitForAsync("instances", sourceId, "ACTIVE");

        var list = (await _clients.TroveAsync("backup-list")).StandardOutput;
        output.WriteLine(list);
        Assert.Contains(backupId, list, StringComparison.Ordinal);
        Assert.Contains("COMPLETED", list, StringComparison.Ordinal);
        Assert.Contains(backupId, (await _clients.TroveAsync("backup-list-instance", "tb-src")).StandardOutput, StringComparison.Ordinal);
        foreach (var reference in new[] { "tb-nightly", backupId })
        {
            var shown = (await _clients.TroveAsync("backup-show", reference)).StandardOutput;
            Assert.Equal(backupId, LocalHostClients.Property(shown, "id"));
            Assert.Equal("COMPLETED", LocalHostClients.Property(shown, "status"));
        }

        var restored = (await _clients.TroveAsync("create", "tb-restored", "m1.tiny", "--size", "1", "--backup", backupId)).StandardOutput;
        var restoredId = LocalHostClients.Property(restored, "id");
        Assert.Equal(expected, await FingerprintAsync(await WaitForAsync("instances", restoredId, "ACTIVE")));

        await _clients.TroveAsync("backup-delete", "tb-nightly");
        await WaitForGoneAsync($"backups/{backupId}");
        Assert.DoesNotContain(backupId, (await _clients.TroveAsync("backup-list")).StandardOutput, StringComparison.Ordinal);
        await _clients.TroveAsync("delete", "tb-src");
        await _clients.TroveAsync("delete", "tb-restored");
        await WaitForGoneAsync($"instances/{sourceId}");
        await WaitForGoneAsync($"instances/{restoredId}");
    }

    [Fact]
    public async Task KilledInTheMiddleOfABackupAndOfARestore_TheRestartedHost_FinishesBoth_WithIdenticalData()
    {
        var stopwatch = Stopwatch.StartNew();
        var sourceId = LocalHostClients.Json(await _clients.OpenStackAsync("database", "instance", "create", "bk-src", "--flavor", "m1.tiny", "--size", "1",
            "--datastore", "mysql", "--datastore-version", "10.11", "--databases", "appdb", "--users", $"{AppUser}:{AppPassword}", "-f", "json"))["id"].GetString()!;
        var expected = await SeedAsync(await WaitForAsync("instances", sourceId, "ACTIVE"), ManyRows);
        output.WriteLine($"{expected} seeded after {stopwatch.Elapsed.TotalSeconds:0.0} s");

        JsonElement backup;
        using (var api = fixture.Api())
        {
            using var response = await api.PostAsync("backups", Body(new { backup = new { name = "bk-big", instance = sourceId, incremental = 0 } }));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            backup = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("backup");
        }

        var backupId = backup.GetProperty("id").GetString()!;

        // While the backup runs the instance shows BACKUP, and conflicting requests are refused rather than queued.
        Assert.Equal("BACKUP", (await fixture.GetAsync($"instances/{sourceId}", "instance")).GetProperty("status").GetString());
        await AssertRefusedAsync(api => api.PostAsync("backups", Body(new { backup = new { name = "bk-second", instance = sourceId, incremental = 0 } })), HttpStatusCode.UnprocessableEntity, "unprocessableEntity");
        await AssertRefusedAsync(api => api.DeleteAsync($"backups/{backupId}"), HttpStatusCode.Conflict, "conflict");
        await AssertRefusedAsync(api => api.PostAsync("instances", Body(RestoreBody("bk-too-early", backupId))), HttpStatusCode.Conflict, "conflict");

        var atKill = await fixture.WaitForRunningStepAsync(backup.GetProperty("operation_id").GetString()!, (step, _) => step == DumpStep, Patience);
        Assert.Equal("BUILDING", (await fixture.GetAsync($"backups/{backupId}", "backup")).GetProperty("status").GetString());
        await fixture.Host.KillAsync();
        output.WriteLine($"Killed the host during {Describe(atKill)} after {stopwatch.Elapsed.TotalSeconds:0.0} s");
        var killedOutput = fixture.Host.Output;
        await fixture.RestartAsync();

        var completed = await WaitForAsync("backups", backupId, "COMPLETED");
        AssertStepRanAgain(killedOutput, $"Snapshot set {backupId} complete:");
        Assert.True(completed.GetProperty("size").GetDouble() > 0);
        await WaitForAsync("instances", sourceId, "ACTIVE");
        output.WriteLine($"Backup COMPLETED after {stopwatch.Elapsed.TotalSeconds:0.0} s");

        // The restore goes through the openstack client, which finds the backup by name.
        var restore = LocalHostClients.Json(await _clients.OpenStackAsync("database", "instance", "create", "bk-restored", "--flavor", "m1.tiny", "--size", "1",
            "--backup", "bk-big", "-f", "json"));
        var restoredId = restore["id"].GetString()!;
        atKill = await fixture.WaitForRunningStepAsync(restore["operation_id"].GetString()!, (step, _) => step == LoadStep, Patience);
        await fixture.Host.KillAsync();
        output.WriteLine($"Killed the host during {Describe(atKill)} after {stopwatch.Elapsed.TotalSeconds:0.0} s");
        killedOutput = fixture.Host.Output;
        await fixture.RestartAsync();

        var restored = await WaitForAsync("instances", restoredId, "ACTIVE");
        AssertStepRanAgain(killedOutput, $"Snapshot set {backupId} loaded into");
        output.WriteLine($"Restored instance ACTIVE after {stopwatch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(expected, await FingerprintAsync(restored));
        Assert.Equal(expected, await FingerprintAsync(await WaitForAsync("instances", sourceId, "ACTIVE")));

        // Exactly once: one server each, and one backup in the list.
        var mariadbds = StateDirectoryProcesses.Find(fixture.StateDirectory).Where(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mariadbds.Count);
        Assert.Single(mariadbds, p => p.CommandLine.Contains(restoredId, StringComparison.Ordinal));
        var backups = JsonDocument.Parse((await _clients.OpenStackAsync("database", "backup", "list", "-f", "json")).StandardOutput).RootElement;
        Assert.Equal(backupId, Assert.Single(backups.EnumerateArray()).GetProperty("ID").GetString());
    }

    /// <summary>
    /// Proves the kill landed inside the step: the killed host never logged the step's end (the snapshot engine's
    /// completion line), and the restarted one ran the step again to that end rather than replaying its result.
    /// </summary>
    private void AssertStepRanAgain(string killedOutput, string stepEnd)
    {
        Assert.DoesNotContain(stepEnd, killedOutput, StringComparison.Ordinal);
        Assert.True(fixture.Host.Output.Contains(stepEnd, StringComparison.Ordinal), $"the restarted host did not log '{stepEnd}':\n{fixture.Host.Output}");
    }

    private static string Describe(JsonElement operation) =>
        $"the {operation.GetProperty("kind").GetString()} operation's step {operation.GetProperty("current_step").GetString()} at {operation.GetProperty("progress").GetInt32()}%";

    private static async Task<string> SeedAsync(JsonElement instance, int rows)
    {
        await using var connection = await InstanceData.OpenAsync(instance, AppUser, AppPassword, "appdb");
        await InstanceData.SeedAsync(connection, rows);
        return await InstanceData.FingerprintAsync(connection);
    }

    private static async Task<string> FingerprintAsync(JsonElement instance)
    {
        await using var connection = await InstanceData.OpenAsync(instance, AppUser, AppPassword, "appdb");
        return await InstanceData.FingerprintAsync(connection);
    }

    private static object RestoreBody(string name, string backupId) =>
        new { instance = new { name, flavorRef = 1, volume = new { size = 1 }, restorePoint = new { backupRef = backupId } } };

    private static StringContent Body(object value) => new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    private async Task AssertRefusedAsync(Func<HttpClient, Task<HttpResponseMessage>> request, HttpStatusCode status, string fault)
    {
        using var api = fixture.Api();
        using var response = await request(api);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        output.WriteLine($"{(int)status}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty(fault, out _), body);
    }

    /// <summary>Polls <c>{collection}/{id}</c> over HTTP until it has the status; fails at once on ERROR or FAILED.</summary>
    private async Task<JsonElement> WaitForAsync(string collection, string id, string status)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"{collection}/{id}", collection.TrimEnd('s')),
            Patience,
            ready: resource => resource.GetProperty("status").GetString() is var current && (current == status || current is "ERROR" or "FAILED"));
        Assert.True(last.GetProperty("status").GetString() == status, $"{collection}/{id}: {last}");
        return last;
    }

    private async Task WaitForGoneAsync(string path)
    {
        using var api = fixture.Api();
        await LocalHostClients.WaitUntilAsync(
            async () =>
            {
                using var response = await api.GetAsync(path);
                return response.StatusCode;
            },
            TimeSpan.FromSeconds(60),
            ready: code => code == HttpStatusCode.NotFound);
    }
}
