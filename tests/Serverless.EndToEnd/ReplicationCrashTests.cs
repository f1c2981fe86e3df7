using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// The local host SIGKILLed at random moments while replicas are created and promoted. Each round creates a replica of
/// the current source and kills the host until it is ACTIVE, then promotes it and kills the host until the promote has
/// ended; after every restart the work resumes. Each round must end with one server per instance, the replica's data
/// identical to its source's, the roles swapped, and the old source replicating from the new one (then it is deleted,
/// and the promoted replica is the next round's source).
/// </summary>
public sealed class ReplicationCrashTests(CrashSuiteFixture fixture, ITestOutputHelper output) : IClassFixture<CrashSuiteFixture>
{
    private const string AppUser = "app";
    private const string AppPassword = "Crash-repl-pw7";
    private const int MinimumKillsEach = 10;
    private const int MaxRounds = 12;
    private const int MaxKillsPerPhase = 4;

    // A replica create runs for seconds; a promote of a caught-up replica can end within half a second of its 202, so
    // its kills must come sooner or most rounds would see it finish before the first one.
    private static readonly TimeSpan LatestCreateKill = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan LatestPromoteKill = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task HostKilledAtRandomMoments_DuringReplicaCreatesAndPromotes_EveryOperationEndsCorrectly()
    {
        var random = new Random(Environment.TickCount);
        var clock = Stopwatch.StartNew();
        var source = await PostInstanceAsync(new
        {
            name = "repl-crash-0",
            flavorRef = 1,
            volume = new { size = 1 },
            databases = new[] { new { name = "appdb" } },
            users = new[] { new { name = AppUser, password = AppPassword, databases = new[] { new { name = "appdb" } } } },
        });
        source = await WaitForStatusAsync(Id(source), "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            await InstanceData.SeedAsync(connection, 20_000);
        }

        var kills = new Dictionary<string, int> { ["create"] = 0, ["promote"] = 0 };
        for (var round = 1; round <= MaxRounds && kills.Values.Min() < MinimumKillsEach; round++)
        {
            var replica = await PostInstanceAsync(new { name = $"repl-crash-{round}", replica_of = Id(source) });
            kills["create"] += await KillWhileRunningAsync(replica.GetProperty("operation_id").GetString()!, random, LatestCreateKill, $"round {round} create");
            replica = await WaitForStatusAsync(Id(replica), "ACTIVE");
            await WaitForOperationAsync(replica.GetProperty("operation_id").GetString()!);
            Assert.Equal(await FingerprintAsync(source), await WaitForFingerprintAsync(replica, await FingerprintAsync(source)));
            AssertOneServerEach([Id(source), Id(replica)]);

            using (var api = fixture.Api())
            using (var promote = await api.PostAsJsonAsync($"instances/{Id(replica)}/action", new { promote_to_replica_source = new { } }))
            {
                Assert.True(promote.StatusCode == HttpStatusCode.Accepted, await promote.Content.ReadAsStringAsync());
            }

            var promoting = await fixture.GetAsync($"instances/{Id(replica)}", "instance");
            kills["promote"] += await KillWhileRunningAsync(promoting.GetProperty("operation_id").GetString()!, random, LatestPromoteKill, $"round {round} promote");
            await WaitForOperationAsync(promoting.GetProperty("operation_id").GetString()!);
            var newSource = await WaitForStatusAsync(Id(replica), "ACTIVE");
            var oldSource = await WaitForStatusAsync(Id(source), "ACTIVE");
            Assert.False(newSource.TryGetProperty("replica_of", out _));
            Assert.Equal(Id(newSource), oldSource.GetProperty("replica_of").GetProperty("id").GetString());

            // A follow step delivered twice after a kill may still be restarting the old source's replication threads
            // when the promote records its end (STOP SLAVE ... START SLAVE again): wait for them to run, with a deadline.
            oldSource = await LocalHostClients.WaitUntilAsync(
                () => fixture.GetAsync($"instances/{Id(oldSource)}", "instance"),
                TimeSpan.FromMinutes(1),
                ready: instance => instance.GetProperty("replication").GetProperty("state").GetString() == "running");
            Assert.True(
                oldSource.GetProperty("replication").GetProperty("state").GetString() == "running",
                $"old source's replication after round {round}: {oldSource.GetProperty("replication")}");

            // The new source takes writes and the old one follows it.
            await using (var connection = await InstanceData.OpenAsync(newSource, AppUser, AppPassword, "appdb"))
            {
                await connection.ExecuteAsync($"UPDATE items SET note = 'round {round}' WHERE id = {round}");
            }

            Assert.Equal(await FingerprintAsync(newSource), await WaitForFingerprintAsync(oldSource, await FingerprintAsync(newSource)));
            output.WriteLine($"round {round} verified after {clock.Elapsed.TotalSeconds:0} s; kills during {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}");

            // The old source goes; the promoted replica is the next round's source.
            using (var api = fixture.Api())
            {
                Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{Id(oldSource)}")).StatusCode);
            }

            await LocalHostClients.WaitUntilAsync(
                async () => (await fixture.ListInstancesAsync()).Any(i => i.GetProperty("id").GetString() == Id(oldSource)),
                Patience,
                ready: listed => !listed);
            source = await WaitForStatusAsync(Id(newSource), "ACTIVE");
            Assert.False(source.TryGetProperty("replicas", out _));
            AssertOneServerEach([Id(source)]);
        }

        output.WriteLine($"kills in {clock.Elapsed.TotalSeconds:0} s: {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}");
        Assert.All(kills.Values, count => Assert.True(count >= MinimumKillsEach, $"kills: {string.Join(", ", kills)}"));
    }

    private static string Id(JsonElement instance) => instance.GetProperty("id").GetString()!;

    /// <summary>Kills the host at random moments while the operation runs, at most a few times; returns how many kills landed.</summary>
    private async Task<int> KillWhileRunningAsync(string operationId, Random random, TimeSpan latestKill, string what)
    {
        var kills = 0;
        for (var i = 0; i < MaxKillsPerPhase; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)latestKill.TotalMilliseconds)));
            if ((await fixture.GetAsync($"operations/{operationId}", "operation")).GetProperty("status").GetString() != "RUNNING")
            {
                break;
            }

            await fixture.Host.KillAsync();
            kills++;
            await fixture.RestartAsync();
            output.WriteLine($"{what}: killed");
        }

        return kills;
    }

    private void AssertOneServerEach(IReadOnlyList<string> instanceIds)
    {
        var servers = StateDirectoryProcesses.Find(fixture.StateDirectory).Where(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal)).ToList();
        Assert.Equal(instanceIds.Count, servers.Count);
        Assert.All(instanceIds, id => Assert.Single(servers, p => p.CommandLine.Contains(id, StringComparison.Ordinal)));
    }

    private async Task<JsonElement> PostInstanceAsync(object instance)
    {
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync("instances", new { instance });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance");
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
            () => fixture.GetAsync($"operations/{id}", "operation"),
            Patience,
            ready: operation => operation.GetProperty("status").GetString() != "RUNNING");
        Assert.True(last.GetProperty("status").GetString() == "COMPLETED", $"operations/{id}: {last}");
    }

    private static async Task<string> FingerprintAsync(JsonElement instance)
    {
        await using var connection = await InstanceData.OpenAsync(instance, AppUser, AppPassword, "appdb");
        return await InstanceData.FingerprintAsync(connection);
    }

    private static async Task<string> WaitForFingerprintAsync(JsonElement replica, string expected) =>
        await LocalHostClients.WaitUntilAsync(() => FingerprintAsync(replica), TimeSpan.FromMinutes(1), ready: actual => actual == expected);
}
