using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// The host killed exactly between an operation's first catalog write and the scheduling of its orchestration (the
/// crash points <c>after-status-change</c> and <c>before-schedule</c>). Without a repair the instance would stay busy
/// (BUILD, BACKUP, REBOOT, SHUTDOWN) forever with nothing running; the restarted host must settle each: a backup or
/// restart rolled back (instance ACTIVE, operation FAILED saying so, the backup FAILED), a create marked ERROR (and then
/// deletable), a delete carried out, an access update applied.
/// </summary>
public sealed partial class StartWindowCrashTests(CrashPointFixture fixture, ITestOutputHelper output) : IClassFixture<CrashPointFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly string[] PrivateNetwork = ["10.0.0.0/8"];
    private static readonly string[] SmallerNetwork = ["10.1.0.0/16"];

    [Fact]
    public async Task HostKilledBetweenStatusChangeAndSchedule_EveryOperationIsSettledAtRestart()
    {
        var instance = await PostAsync("instances", new { instance = new { name = "window-a", flavorRef = 1, volume = new { size = 1 }, databases = new[] { new { name = "appdb" } } } }, "instance");
        var id = instance.GetProperty("id").GetString()!;
        await WaitForStatusAsync(id, "ACTIVE");

        // A backup: the instance went to BACKUP, no backup record, no operation record, no orchestration.
        await CrashAtAsync("after-status-change", api => api.PostAsJsonAsync("backups", new { backup = new { name = "window-backup", instance = id } }));
        var rolledBack = await WaitForStatusAsync(id, "ACTIVE");
        await AssertOperationFailedAsync(rolledBack.GetProperty("operation_id").GetString()!, "backup");
        Assert.DoesNotContain((await fixture.GetAsync("backups", "backups")).EnumerateArray(), b => b.GetProperty("status").GetString() is "NEW" or "BUILDING");

        // The same with the operation recorded: the backup and its operation end FAILED, the instance is ACTIVE again.
        await CrashAtAsync("before-schedule", api => api.PostAsJsonAsync("backups", new { backup = new { name = "window-backup-2", instance = id } }));
        rolledBack = await WaitForStatusAsync(id, "ACTIVE");
        await AssertOperationFailedAsync(rolledBack.GetProperty("operation_id").GetString()!, "backup");
        var failed = Assert.Single((await fixture.GetAsync("backups", "backups")).EnumerateArray(), b => b.GetProperty("name").GetString() == "window-backup-2");
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());

        // Nothing is stuck: a backup now runs to the end.
        var backup = await PostAsync("backups", new { backup = new { name = "window-backup-3", instance = id } }, "backup");
        await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"backups/{backup.GetProperty("id").GetString()}", "backup"), Patience, b => b.GetProperty("status").GetString() is "COMPLETED" or "FAILED");
        Assert.Equal("COMPLETED", (await fixture.GetAsync($"backups/{backup.GetProperty("id").GetString()}", "backup")).GetProperty("status").GetString());
        await WaitForStatusAsync(id, "ACTIVE");

        // A restart: REBOOT rolled back.
        await CrashAtAsync("after-status-change", api => api.PostAsJsonAsync($"instances/{id}/action", new { restart = new { } }));
        rolledBack = await WaitForStatusAsync(id, "ACTIVE");
        await AssertOperationFailedAsync(rolledBack.GetProperty("operation_id").GetString()!, "restart");

        // An access update (which does not take the instance): the catalog holds the new access, its operation has no record
        // (or a RUNNING one) and no orchestration; the restarted host starts it again and it completes.
        await CrashAtAsync("after-status-change", api => api.PutAsJsonAsync($"instances/{id}", new { instance = new { access = new { is_public = true, allowed_cidrs = PrivateNetwork } } }));
        await CrashAtAsync("before-schedule", api => api.PutAsJsonAsync($"instances/{id}", new { instance = new { access = new { allowed_cidrs = SmallerNetwork } } }));
        var access = (await WaitForStatusAsync(id, "ACTIVE")).GetProperty("access");
        Assert.True(access.GetProperty("is_public").GetBoolean());
        Assert.Equal(SmallerNetwork, access.GetProperty("allowed_cidrs").EnumerateArray().Select(c => c.GetString()));
        var accessOperations = (await fixture.GetAsync($"instances/{id}/operations", "operations")).EnumerateArray()
            .Where(o => o.GetProperty("kind").GetString() == "access").Select(o => o.GetProperty("id").GetString()!).ToList();
        Assert.Equal(2, accessOperations.Count);
        foreach (var operationId in accessOperations)
        {
            var ended = await LocalHostClients.WaitUntilAsync(
                () => fixture.GetAsync($"operations/{operationId}", "operation"), Patience, o => o.GetProperty("status").GetString() != "RUNNING");
            Assert.Equal("COMPLETED", ended.GetProperty("status").GetString());
        }

        // A create: BUILD with nothing provisioned becomes ERROR, and can be deleted.
        await CrashAtAsync("before-schedule", api => api.PostAsJsonAsync("instances", new { instance = new { name = "window-b", flavorRef = 1, volume = new { size = 1 } } }));
        var orphan = Assert.Single(await fixture.ListInstancesAsync(), i => i.GetProperty("name").GetString() == "window-b");
        var orphanId = orphan.GetProperty("id").GetString()!;
        orphan = await WaitForStatusAsync(orphanId, "ERROR");
        Assert.Contains("create it again", orphan.GetProperty("fault").GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertOperationFailedAsync(orphan.GetProperty("operation_id").GetString()!, "create");
        using (var api = fixture.Api())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{orphanId}")).StatusCode);
        }

        await WaitForGoneAsync(orphanId);

        // A delete: SHUTDOWN without an orchestration is carried out at restart.
        await CrashAtAsync("after-status-change", api => api.DeleteAsync($"instances/{id}"));
        await WaitForGoneAsync(id);
        Assert.DoesNotContain(StateDirectoryProcesses.Find(fixture.StateDirectory), p => p.CommandLine.Contains(id, StringComparison.Ordinal));
    }

    /// <summary>Arms the point, sends the request (which the host dies answering) and restarts the host.</summary>
    private async Task CrashAtAsync(string point, Func<HttpClient, Task<HttpResponseMessage>> request)
    {
        fixture.Arm(point);
        using (var api = fixture.Api())
        {
            try
            {
                using var response = await request(api);
                Assert.Fail($"The host answered {response.StatusCode} instead of dying at {point}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException)
            {
                // The host died while answering: what the crash point is for.
            }
        }

        await LocalHostClients.WaitUntilAsync(() => Task.FromResult(fixture.Host.HasExited), TimeSpan.FromSeconds(30), exited => exited);
        await fixture.RestartAsync();
        output.WriteLine($"killed at {point}; restarted");
    }

    private async Task<JsonElement> PostAsync(string path, object body, string key)
    {
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(key).Clone();
    }

    private async Task AssertOperationFailedAsync(string operationId, string kind)
    {
        var operation = await fixture.GetAsync($"operations/{operationId}", "operation");
        Assert.Equal("FAILED", operation.GetProperty("status").GetString());
        Assert.Contains($"stopped before the {kind} could start", operation.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"instances/{id}", "instance"), Patience, i => i.GetProperty("status").GetString() == status);
        return last;
    }

    private async Task WaitForGoneAsync(string id) =>
        await LocalHostClients.WaitUntilAsync(
            async () => (await fixture.ListInstancesAsync()).Any(i => i.GetProperty("id").GetString() == id), Patience, listed => !listed);
}
