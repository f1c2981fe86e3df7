using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// The storage account (Azurite: catalog, task hub, backup artifacts) gone for 30 s while a full backup dumps and an
/// instance is created, then back: both operations end correct, exactly once, in the same host process: the backup
/// restores to the source's data (equal checksums), each instance has one catalog entry and one server, the backup one
/// entry. DurableTask.AzureStorage 2.11.2 does not recover in memory (an activity whose completion failed during the
/// outage stays "being processed" and its redelivered message is skipped for as long as the process lives; seen here:
/// the create stuck at its first step minutes after the storage came back); the local worker's storage check starts
/// the engine afresh once storage answers again (LocalDurableTaskWorker), which this test needs.
/// </summary>
public sealed class StorageFaultTests(StorageFaultFixture fixture, ITestOutputHelper output) : IClassFixture<StorageFaultFixture>
{
    private const string AppUser = "app";
    private const string AppPassword = "Storage-fault-pw6";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task StorageGoneFor30sDuringABackupAndACreate_OnceBack_BothEndCorrectExactlyOnce_WithoutAHostRestart()
    {
        var source = await WaitForStatusAsync(Id(await PostInstanceAsync(new
        {
            name = "outage-source",
            flavorRef = 1,
            volume = new { size = 1 },
            databases = new[] { new { name = "appdb" } },
            users = new[] { new { name = AppUser, password = AppPassword, databases = new[] { new { name = "appdb" } } } },
        })), "ACTIVE");
        string expected;
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            // Enough rows that the dump is still running when the storage goes.
            await InstanceData.SeedAsync(connection, 200_000);
            expected = await InstanceData.FingerprintAsync(connection);
        }

        var backup = await PostAsync("backups", new { backup = new { name = "outage-backup", instance = Id(source) } }, "backup");
        var created = await PostInstanceAsync(new { name = "outage-create", flavorRef = 1, volume = new { size = 1 } });
        var backupOperation = backup.GetProperty("operation_id").GetString()!;
        var createOperation = created.GetProperty("operation_id").GetString()!;
        var at = await fixture.WaitForRunningStepAsync(backupOperation, (step, _) => step == "dump-snapshot", Patience);
        var host = fixture.Host;
        var outage = Stopwatch.StartNew();
        try
        {
            await fixture.StopStorageAsync();
            output.WriteLine($"storage stopped while the backup ran step '{at.GetProperty("current_step").GetString()}'");

            // The fault is the outage itself, so its length is a wait by design (nothing to poll: nothing answers).
            await Task.Delay(Outage);
            await fixture.ResumeStorageAsync();
            output.WriteLine($"storage back after {outage.Elapsed.TotalSeconds:0.0} s");

            var finishedBackup = await WaitForOperationAsync(backupOperation);
            var finishedCreate = await WaitForOperationAsync(createOperation);
            output.WriteLine($"backup {finishedBackup.GetProperty("status")}, create {finishedCreate.GetProperty("status")} {outage.Elapsed.TotalSeconds:0} s after the outage began");
            Assert.Equal("COMPLETED", (await fixture.GetAsync($"backups/{Id(backup)}", "backup")).GetProperty("status").GetString());

            // The host that saw the outage recovered by itself: same process, its engine started afresh.
            Assert.Same(host, fixture.Host);
            Assert.False(host.HasExited);
            // Without that, work whose release failed during the outage keeps being skipped ("processed multiple times
            // concurrently") every time its message reappears, for the life of the process.
            // Counted from the new engine's start: the old one may still report a skip while it is being stopped.
            var log = host.Output;
            var afresh = log.IndexOf("starting the durable engine afresh", StringComparison.Ordinal);
            Assert.True(afresh >= 0, "the durable engine was not started afresh after the outage");
            var started = log.LastIndexOf("Durable worker started on task hub", StringComparison.Ordinal);
            Assert.True(started > afresh, "the new durable engine did not report its start after the outage");
            Assert.DoesNotContain("multiple times concurrently", log[started..], StringComparison.Ordinal);
            await WaitForStatusAsync(Id(created), "ACTIVE");
            Assert.Equal(expected, await FingerprintAsync(await WaitForStatusAsync(Id(source), "ACTIVE")));

            // The backup holds the source's data: a restore of it has equal checksums.
            var restored = await PostInstanceAsync(new { name = "outage-restore", flavorRef = 1, volume = new { size = 1 }, restorePoint = new { backupRef = Id(backup) } });
            Assert.Equal(expected, await FingerprintAsync(await WaitForStatusAsync(Id(restored), "ACTIVE")));
            await WaitForOperationAsync(restored.GetProperty("operation_id").GetString()!);

            // Exactly once: one catalog entry and one server per instance, one backup.
            var instances = await fixture.ListInstancesAsync();
            Assert.Equal(["outage-create", "outage-restore", "outage-source"], instances.Select(i => i.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
            var servers = StateDirectoryProcesses.Find(fixture.StateDirectory).Where(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal)).ToList();
            Assert.Equal(instances.Count, servers.Count);
            Assert.All(instances, i => Assert.Single(servers, p => p.CommandLine.Contains(Id(i), StringComparison.Ordinal)));
            using var api = fixture.Api();
            using var backups = JsonDocument.Parse(await api.GetStringAsync("backups"));
            Assert.Equal(Id(backup), Id(Assert.Single(backups.RootElement.GetProperty("backups").EnumerateArray())));
        }
        catch (Exception)
        {
            output.WriteLine(string.Join('\n', fixture.Host.Output.Split('\n').TakeLast(200)));
            throw;
        }
        finally
        {
            await fixture.HandBackStorageAsync();
        }
    }

    private static string Id(JsonElement resource) => resource.GetProperty("id").GetString()!;

    private Task<JsonElement> PostInstanceAsync(object instance) => PostAsync("instances", new { instance }, "instance");

    private async Task<JsonElement> PostAsync(string path, object body, string key)
    {
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(key).Clone();
    }

    private async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"instances/{id}", "instance"),
            Patience,
            ready: instance => instance.GetProperty("status").GetString() is var current && (current == status || current == "ERROR"));
        Assert.True(last.GetProperty("status").GetString() == status, $"instances/{id}: {last}");
        return last;
    }

    private async Task<JsonElement> WaitForOperationAsync(string id)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"operations/{id}", "operation"), Patience, ready: operation => operation.GetProperty("status").GetString() != "RUNNING");
        Assert.True(last.GetProperty("status").GetString() == "COMPLETED", $"operations/{id}: {last}");
        return last;
    }

    private static async Task<string> FingerprintAsync(JsonElement instance)
    {
        await using var connection = await InstanceData.OpenAsync(instance, AppUser, AppPassword, "appdb");
        return await InstanceData.FingerprintAsync(connection);
    }
}
