using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// The kill loop for the operation types the other crash suites do not cover (CrashSuiteTests: create, full and
/// incremental backup, restore and chain restore, resize, configuration attach; ReplicationCrashTests: replica create,
/// promote): restart, delete, detach and re-sync. Each run starts one operation, waits until it is RUNNING at a step
/// chosen at random among the first two steps it shows (<c>current_step</c>), waits a small random delay more, and SIGKILLs
/// the host if the operation still runs (a run whose operation ended first does not count); the host restarts and the
/// operation must end correct and exactly once in effect: the instance's data unchanged (checksums), one server per
/// instance, the catalog as the operation promises. <c>SERVERLESS_CHAOS_PER_TYPE</c> sets the runs per type
/// (default 3, what CI runs; scripts/chaos.sh asks for more) and <c>SERVERLESS_CHAOS_REPORT</c> a file the table of
/// each type is appended to.
/// </summary>
public sealed class KillLoopTests(CrashSuiteFixture fixture, ITestOutputHelper output) : IClassFixture<CrashSuiteFixture>
{
    private const string AppUser = "app";
    private const string AppPassword = "Kill-loop-pw5";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan MaxExtraDelay = TimeSpan.FromMilliseconds(250);

    private static int RunsPerType =>
        int.TryParse(Environment.GetEnvironmentVariable("SERVERLESS_CHAOS_PER_TYPE"), CultureInfo.InvariantCulture, out var runs) && runs > 0 ? runs : 3;

    [Theory]
    [InlineData("restart")]
    [InlineData("delete")]
    [InlineData("detach")]
    [InlineData("resync")]
    public async Task HostKilledAtAnObservedStep_TheOperationEndsCorrect_ExactlyOnce(string type)
    {
        var random = new Random(Environment.TickCount);
        var clock = Stopwatch.StartNew();
        var source = await CreateSourceAsync($"kill-{type}");
        var expected = await FingerprintAsync(source);
        var (landed, failures, finishedFirst) = (0, 0, 0);
        var steps = new SortedDictionary<string, int>(StringComparer.Ordinal);

        // A run whose operation ended before the kill does not count: run until enough kills landed (within a bound).
        for (var run = 1; landed < RunsPerType && run <= RunsPerType * 4; run++)
        {
            // What the operation works on, made without kills.
            var target = type switch
            {
                "delete" => await WaitForStatusAsync(Id(await PostInstanceAsync(new { name = $"kill-{type}-{run}", flavorRef = 1, volume = new { size = 1 } })), "ACTIVE"),
                "detach" or "resync" => await CreateReplicaAsync(source, $"kill-{type}-{run}", expected),
                _ => source,
            };

            var operationId = await StartAsync(type, Id(target));
            var (killed, step) = operationId is null ? (false, "") : await KillAtObservedStepAsync(operationId, random);
            if (killed)
            {
                landed++;
                steps[step] = steps.GetValueOrDefault(step) + 1;
            }
            else
            {
                finishedFirst++;
            }

            try
            {
                await VerifyAsync(type, source, target, operationId, expected);
            }
            catch (Exception)
            {
                failures++;
                output.WriteLine(string.Join('\n', fixture.Host.Output.Split('\n').TakeLast(150)));
                throw;
            }
            finally
            {
                output.WriteLine($"{type} run {run}: {(killed ? $"killed at step '{step}'" : "ended before the kill")}; {clock.Elapsed.TotalSeconds:0} s");
            }
        }

        var table = $"""
            | type | runs | kills landed | ended before the kill | steps killed at | outcome |
            | {type} | {landed + finishedFirst} | {landed} | {finishedFirst} | {string.Join(", ", steps.Select(s => $"{s.Key} x{s.Value}"))} | {(failures == 0 ? "all correct, exactly once" : $"{failures} FAILED")} |
            """;
        output.WriteLine(table);
        if (Environment.GetEnvironmentVariable("SERVERLESS_CHAOS_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, table.Split('\n')[1] + "\n");
        }

        Assert.True(landed >= RunsPerType, $"only {landed} of {RunsPerType} kills landed while the {type} ran ({finishedFirst} runs ended first)");
    }

    /// <summary>
    /// Waits until the operation has shown a step chosen at random among its first two (or a later one), then a random
    /// delay, and kills the host if the operation still runs. Returns whether it killed, and at which step.
    /// </summary>
    private async Task<(bool Killed, string Step)> KillAtObservedStepAsync(string operationId, Random random)
    {
        var wanted = random.Next(1, 3);
        var seen = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < Patience)
        {
            var operation = await fixture.GetAsync($"operations/{operationId}", "operation");
            if (operation.GetProperty("status").GetString() != "RUNNING")
            {
                return (false, "");
            }

            if (operation.TryGetProperty("current_step", out var current) && current.GetString() is { Length: > 0 } step && !seen.Contains(step))
            {
                seen.Add(step);
            }

            if (seen.Count >= wanted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)MaxExtraDelay.TotalMilliseconds)));
                operation = await fixture.GetAsync($"operations/{operationId}", "operation");
                if (operation.GetProperty("status").GetString() != "RUNNING")
                {
                    return (false, "");
                }

                var at = operation.TryGetProperty("current_step", out var now) ? now.GetString() ?? seen[^1] : seen[^1];
                await fixture.Host.KillAsync();
                await fixture.RestartAsync();
                return (true, at);
            }

            await Task.Delay(15);
        }

        throw new TimeoutException($"Operation {operationId} neither ended nor showed {wanted} steps within {Patience.TotalMinutes} min.");
    }

    private async Task<string?> StartAsync(string type, string instanceId)
    {
        using var api = fixture.Api();
        using var response = type switch
        {
            "restart" => await api.PostAsJsonAsync($"instances/{instanceId}/action", new { restart = new { } }),
            "delete" => await api.DeleteAsync($"instances/{instanceId}"),
            "detach" => await api.PatchAsJsonAsync($"instances/{instanceId}", new { instance = new { replica_of = (string?)null } }),
            "resync" => await api.PostAsJsonAsync($"instances/{instanceId}/action", new { resync = new { } }),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no such operation type"),
        };
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{type}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        // A delete can be over before the instance is read back; then there is no operation left to kill or poll.
        var shown = await fixture.TryGetAsync($"instances/{instanceId}", "instance");
        return shown?.GetProperty("operation_id").GetString();
    }

    private async Task VerifyAsync(string type, JsonElement source, JsonElement target, string? operationId, string expected)
    {
        var targetId = Id(target);
        if (type == "delete")
        {
            // Gone from the catalog, its server gone, its operation completed, the others untouched.
            await LocalHostClients.WaitUntilAsync(
                async () => (await fixture.ListInstancesAsync()).Any(i => Id(i) == targetId), Patience, listed => !listed);
            // The instance leaves the catalog before the operation records its end: wait for that too (when the delete
            // ended before its instance could be read back, its operation id was never seen).
            if (operationId is not null)
            {
                await WaitForOperationAsync(operationId);
            }

            AssertOneServerEach();
            Assert.Equal(expected, await FingerprintAsync(await WaitForStatusAsync(Id(source), "ACTIVE")));
            return;
        }

        await WaitForOperationAsync(operationId ?? throw new InvalidOperationException($"The {type} left no instance to read its operation from."));
        var after = await WaitForStatusAsync(targetId, "ACTIVE");
        AssertOneServerEach();
        switch (type)
        {
            case "restart":
                Assert.Equal(expected, await FingerprintAsync(after));
                break;
            case "detach":
                // Standalone and writable with the source's data; the source no longer lists it.
                Assert.False(after.TryGetProperty("replica_of", out _));
                Assert.Equal(expected, await FingerprintAsync(after));
                await using (var connection = await InstanceData.OpenAsync(after, AppUser, AppPassword, "appdb"))
                {
                    await connection.ExecuteAsync("UPDATE items SET note = 'detached' WHERE id = 1");
                }

                Assert.False((await WaitForStatusAsync(Id(source), "ACTIVE")).TryGetProperty("replicas", out _));
                await DeleteAsync(targetId);
                break;
            case "resync":
                // Still a replica of the source, replicating, with its data; a change on the source reaches it.
                Assert.Equal(Id(source), after.GetProperty("replica_of").GetProperty("id").GetString());
                Assert.Equal(expected, await WaitForFingerprintAsync(after, expected));
                Assert.Equal("running", after.GetProperty("replication").GetProperty("state").GetString());
                await DeleteAsync(targetId);
                break;
        }
    }

    private async Task<JsonElement> CreateSourceAsync(string name)
    {
        var source = await WaitForStatusAsync(Id(await PostInstanceAsync(new
        {
            name,
            flavorRef = 1,
            volume = new { size = 1 },
            databases = new[] { new { name = "appdb" } },
            users = new[] { new { name = AppUser, password = AppPassword, databases = new[] { new { name = "appdb" } } } },
        })), "ACTIVE");
        await using var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb");
        await InstanceData.SeedAsync(connection, 20_000);
        return source;
    }

    private async Task<JsonElement> CreateReplicaAsync(JsonElement source, string name, string expected)
    {
        var replica = await WaitForStatusAsync(Id(await PostInstanceAsync(new { name, replica_of = Id(source) })), "ACTIVE");
        await WaitForOperationAsync(replica.GetProperty("operation_id").GetString()!);
        await WaitForFingerprintAsync(replica, expected);
        return replica;
    }

    private async Task DeleteAsync(string id)
    {
        using (var api = fixture.Api())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{id}")).StatusCode);
        }

        await LocalHostClients.WaitUntilAsync(async () => (await fixture.ListInstancesAsync()).Any(i => Id(i) == id), Patience, listed => !listed);
    }

    private void AssertOneServerEach()
    {
        var ids = fixture.ListInstancesAsync().GetAwaiter().GetResult().Select(Id).ToList();
        var servers = StateDirectoryProcesses.Find(fixture.StateDirectory).Where(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Count, servers.Count);
        Assert.All(ids, id => Assert.Single(servers, p => p.CommandLine.Contains(id, StringComparison.Ordinal)));
    }

    private static string Id(JsonElement instance) => instance.GetProperty("id").GetString()!;

    private async Task<JsonElement> PostInstanceAsync(object instance)
    {
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync("instances", new { instance });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").Clone();
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

    private async Task WaitForOperationAsync(string id)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"operations/{id}", "operation"), Patience, ready: operation => operation.GetProperty("status").GetString() != "RUNNING");
        Assert.True(last.GetProperty("status").GetString() == "COMPLETED", $"operations/{id}: {last}");
    }

    private static async Task<string> FingerprintAsync(JsonElement instance)
    {
        await using var connection = await InstanceData.OpenAsync(instance, AppUser, AppPassword, "appdb");
        return await InstanceData.FingerprintAsync(connection);
    }

    private static async Task<string> WaitForFingerprintAsync(JsonElement instance, string expected) =>
        await LocalHostClients.WaitUntilAsync(() => FingerprintAsync(instance), TimeSpan.FromMinutes(1), ready: actual => actual == expected);
}
