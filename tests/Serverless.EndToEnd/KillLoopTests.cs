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
/// The kill loop, one table row per operation type: create, restart, delete, full and incremental backup, restore (of a
/// full backup and of a chain), point-in-time restore, replica create, promote, detach, re-sync and eject (failover
/// from a source whose server was killed). Each run starts one operation, waits until it is RUNNING at a step
/// chosen at random among the first two steps it shows (<c>current_step</c>), waits a small random delay more, and SIGKILLs
/// the host if the operation still runs (a run whose operation ended first does not count); the host restarts and the
/// operation must end correct and exactly once in effect: the instance's data as promised (checksums), one catalog
/// entry and one server per instance, one backup per backup request, the catalog as the operation promises.
/// <c>SERVERLESS_CHAOS_PER_TYPE</c> sets the runs per type (default 3, what CI runs; scripts/chaos.sh asks for more) and
/// <c>SERVERLESS_CHAOS_REPORT</c> a file the table of each type is appended to. (CrashSuiteTests kills the host while a
/// create, a backup and a restore run at once, and during resize and configuration attach.)
/// </summary>
public sealed partial class KillLoopTests(CrashSuiteFixture fixture, ITestOutputHelper output) : IClassFixture<CrashSuiteFixture>
{
    private const string AppUser = "app";
    private const string AppPassword = "Kill-loop-pw5";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan MaxExtraDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>When scripts/chaos.sh bounds the time per type (<c>SERVERLESS_CHAOS_MINUTES_PER_TYPE</c>), no run starts after it.</summary>
    private static DateTimeOffset ChaosDeadline =>
        int.TryParse(Environment.GetEnvironmentVariable("SERVERLESS_CHAOS_MINUTES_PER_TYPE"), CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? DateTimeOffset.UtcNow.AddMinutes(minutes)
            : DateTimeOffset.MaxValue;

    private static int RunsPerType =>
        int.TryParse(Environment.GetEnvironmentVariable("SERVERLESS_CHAOS_PER_TYPE"), CultureInfo.InvariantCulture, out var runs) && runs > 0 ? runs : 3;

    [Theory]
    [InlineData("create")]
    [InlineData("restart")]
    [InlineData("delete")]
    [InlineData("backup")]
    [InlineData("incremental")]
    [InlineData("restore")]
    [InlineData("pitr")]
    [InlineData("replica")]
    [InlineData("promote")]
    [InlineData("detach")]
    [InlineData("resync")]
    [InlineData("eject")]
    public async Task HostKilledAtAnObservedStep_TheOperationEndsCorrect_ExactlyOnce(string type)
    {
        var random = new Random(Environment.TickCount);
        var clock = Stopwatch.StartNew();
        var subject = await PrepareAsync(type);
        var (landed, failures, finishedFirst) = (0, 0, 0);
        var steps = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var deadline = ChaosDeadline;

        // A run whose operation ended before the kill does not count: run until enough kills landed (within a bound, and
        // within the time scripts/chaos.sh gives each type, if it does). The table is written however the loop ends, so that
        // an unattended chaos run reports the type that failed too.
        try
        {
            for (var run = 1; landed < RunsPerType && run <= RunsPerType * 4 && DateTimeOffset.UtcNow < deadline; run++)
            {
                var started = await StartRunAsync(type, run, subject);
                var (killed, step) = started.OperationId is null ? (false, "") : await KillAtObservedStepAsync(started.OperationId, random);
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
                    var outcome = await VerifyAsync(type, subject, started);
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                }
                catch (Exception)
                {
                    output.WriteLine(string.Join('\n', fixture.Host.Output.Split('\n').TakeLast(150)));
                    throw;
                }
                finally
                {
                    output.WriteLine($"{type} run {run}: {(killed ? $"killed at step '{step}'" : "ended before the kill")}; {clock.Elapsed.TotalSeconds:0} s");
                }
            }
        }
        catch (Exception)
        {
            failures++;
            throw;
        }
        finally
        {
            var table = $"""
                | type | runs | kills landed | ended before the kill | steps killed at | outcome |
                | {type} | {landed + finishedFirst} | {landed} | {finishedFirst} | {string.Join(", ", steps.Select(s => $"{s.Key} x{s.Value}"))} | {(failures == 0 ? "all correct, exactly once" : $"{failures} FAILED")}: {string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}"))} |
                """;
            output.WriteLine(table);
            if (Environment.GetEnvironmentVariable("SERVERLESS_CHAOS_REPORT") is { Length: > 0 } report)
            {
                await File.AppendAllTextAsync(report, table.Split('\n')[1] + "\n");
            }
        }

        Assert.True(landed >= RunsPerType, $"only {landed} of {RunsPerType} kills landed while the {type} ran ({finishedFirst} runs ended first{(DateTimeOffset.UtcNow >= deadline ? "; the time per type ran out" : "")})");

        // The types share one host, which starts every server of its fleet after each kill: the next type starts without this one's.
        if (subject.Source.ValueKind == JsonValueKind.Object)
        {
            await DeleteAsync(Id(subject.Source));
        }
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
            "eject" => await api.PostAsJsonAsync($"instances/{instanceId}/action", new { eject_replica_source = new { } }),
            "promote" => await api.PostAsJsonAsync($"instances/{instanceId}/action", new { promote_to_replica_source = new { } }),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no such operation type"),
        };
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{type}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        // A delete can be over before the instance is read back; then there is no operation left to kill or poll.
        var shown = await fixture.TryGetAsync($"instances/{instanceId}", "instance");
        return shown?.GetProperty("operation_id").GetString();
    }

    /// <summary>Checks that the operation ended correct and exactly once in effect; returns how it ended.</summary>
    private async Task<string> VerifyAsync(string type, Subject subject, StartedRun run)
    {
        var (source, target, operationId, expected) = (run.Source, run.Target, run.OperationId, run.Expected);
        var targetId = Id(target);
        switch (type)
        {
            case "eject":
                return await VerifyEjectAsync(source, target, operationId!, expected);
            case "create":
                return await VerifyCreateAsync(run);
            case "backup" or "incremental":
                return await VerifyBackupAsync(type, subject, run);
            case "restore":
                return await VerifyRestoreAsync(run);
            case "replica":
                return await VerifyReplicaAsync(subject, run);
            case "promote":
                return await VerifyPromoteAsync(subject, run);
        }

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
            return "deleted";
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
            case "pitr":
                // The source's data as it was at the chosen moment, in a new instance of its own.
                Assert.Equal(expected, await FingerprintAsync(after));
                await AssertOneNamedAsync(target);
                await DeleteAsync(targetId);
                break;
        }

        return type switch { "restart" => "restarted", "detach" => "detached", "resync" => "re-synced", _ => "restored to the moment" };
    }

    /// <summary>
    /// An eject ends one of two ways, both correct: it fails over (the replica is the writable source with every row,
    /// the old source fenced: ERROR, a replica of the new one), or, when the kill landed before it had recorded the
    /// election, it is refused unchanged because the restarted host brought the old source's server back (the host
    /// starts every server that should run), so that source answers again and keeps its role.
    /// </summary>
    private async Task<string> VerifyEjectAsync(JsonElement source, JsonElement replica, string operationId, string expected)
    {
        var operation = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"operations/{operationId}", "operation"), Patience, ready: o => o.GetProperty("status").GetString() != "RUNNING");
        string outcome;
        if (operation.GetProperty("status").GetString() == "COMPLETED")
        {
            var promoted = await WaitForStatusAsync(Id(replica), "ACTIVE");
            Assert.False(promoted.TryGetProperty("replica_of", out _));
            Assert.Equal(expected, await FingerprintAsync(promoted));
            await using (var connection = await InstanceData.OpenAsync(promoted, AppUser, AppPassword, "appdb"))
            {
                await connection.ExecuteAsync("UPDATE items SET note = 'after the eject' WHERE id = 1");
            }

            var fenced = await fixture.GetAsync($"instances/{Id(source)}", "instance");
            Assert.Equal("ERROR", fenced.GetProperty("status").GetString());
            Assert.Equal(Id(replica), fenced.GetProperty("replica_of").GetProperty("id").GetString());
            AssertOneServerEach();
            await DeleteAsync(Id(source));
            await DeleteAsync(Id(replica));
            outcome = "failed over";
        }
        else
        {
            Assert.True(operation.GetProperty("status").GetString() == "FAILED", $"operations/{operationId}: {operation}");
            Assert.Contains("still answers", operation.GetProperty("error").GetString(), StringComparison.Ordinal);
            var kept = await WaitForStatusAsync(Id(source), "ACTIVE");
            Assert.Equal(expected, await FingerprintAsync(kept));
            var follower = await WaitForStatusAsync(Id(replica), "ACTIVE");
            Assert.Equal(Id(source), follower.GetProperty("replica_of").GetProperty("id").GetString());
            AssertOneServerEach();
            await DeleteAsync(Id(replica));
            await DeleteAsync(Id(source));
            outcome = "refused, the restarted source answered";
        }

        return outcome;
    }

    /// <summary>
    /// A chain to restore from at a moment inside it: a full backup, a change, the moment (a second boundary, the
    /// binary log's resolution), another change in a later second, and an incremental backup that covers both.
    /// </summary>
    private async Task<PointInTime> PrepareChainAsync(JsonElement source)
    {
        await BackupAsync(Id(source), "kill-pitr-full", incremental: false);
        string fingerprint;
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            await connection.ExecuteAsync("UPDATE items SET amount = amount + 1, note = 'before the moment' WHERE id % 7 = 0; DELETE FROM items WHERE id % 11 = 0");
            fingerprint = await InstanceData.FingerprintAsync(connection);
        }

        var moment = await NextSecondAsync();
        await NextSecondAsync();
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            await connection.ExecuteAsync("UPDATE items SET amount = amount + 2, note = 'after the moment' WHERE id % 5 = 0; DELETE FROM items WHERE id % 13 = 0");
        }

        return new PointInTime(await BackupAsync(Id(source), "kill-pitr-incremental", incremental: true), moment, fingerprint);
    }

    /// <summary>Starts a backup and waits until it is COMPLETED; returns its id.</summary>
    private async Task<string> BackupAsync(string instanceId, string name, bool incremental)
    {
        var id = await StartBackupAsync(instanceId, name, incremental);
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"backups/{id}", "backup"), Patience, ready: b => b.GetProperty("status").GetString() is "COMPLETED" or "FAILED");
        Assert.True(last.GetProperty("status").GetString() == "COMPLETED", $"backups/{id}: {last}");
        return id;
    }

    /// <summary>Waits for the wall clock to enter a new second and returns that second.</summary>
    private static async Task<DateTimeOffset> NextSecondAsync()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await LocalHostClients.WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow.ToUnixTimeSeconds()), TimeSpan.FromSeconds(5), now => now != start);
        return DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private async Task<JsonElement> CreateSourceAsync(string name, int rows = 20_000)
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
        await InstanceData.SeedAsync(connection, rows);
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

    /// <summary>
    /// One server per listed instance and none besides; an instance in ERROR may have none (an ejected source whose
    /// server was killed stays down until someone starts it).
    /// </summary>
    private void AssertOneServerEach()
    {
        var instances = fixture.ListInstancesAsync().GetAwaiter().GetResult();
        var servers = StateDirectoryProcesses.Find(fixture.StateDirectory).Where(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal)).ToList();
        Assert.All(servers, p => Assert.Contains(instances, i => p.CommandLine.Contains(Id(i), StringComparison.Ordinal)));
        foreach (var instance in instances)
        {
            var own = servers.Count(p => p.CommandLine.Contains(Id(instance), StringComparison.Ordinal));
            Assert.True(own == 1 || (own == 0 && instance.GetProperty("status").GetString() == "ERROR"), $"{own} servers for {instance}");
        }
    }

    /// <summary>A backup chain to restore from, a moment inside it, and the source's data at that moment.</summary>
    private sealed record PointInTime(string BackupId, DateTimeOffset Moment, string Fingerprint);

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
