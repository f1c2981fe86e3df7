using System.Globalization;
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
/// The local host SIGKILLed at random moments while instance creates, backups and restores run, over and over. Each
/// round changes the source's rows, then starts three operations at once (a create, a backup of the source, a restore
/// of the previous round's backup) and kills the host at random moments until all three have ended; after every
/// restart the work resumes. Most backups are incremental (the source's binlog since the previous backup), every
/// third is full and starts a new chain, so the restores are of a full backup or of a chain of them. At the end of
/// each round every operation must have ended correctly and exactly once in effect: one catalog entry and one server
/// per instance, one backup per backup request, and restored data identical to the source's when it was backed up.
/// </summary>
public sealed partial class CrashSuiteTests(CrashSuiteFixture fixture, ITestOutputHelper output) : IClassFixture<CrashSuiteFixture>
{
    private const string AppUser = "app";
    private const string AppPassword = "Crash-suite-pw3";

    // KillLoopTests kills each of these operations alone, at least 3 times per type in CI and as often as asked by
    // scripts/chaos.sh; here the kills land while three run at once, which a dozen kills shows.
    private const int KillsWanted = 12;
    private const int MinimumKillsEach = 3;
    private const int MaxRounds = 20;
    private const int FullBackupEvery = 3;
    private static readonly string[] KindsNeedingSeveralKills = ["create", "incremental", "chain-restore"];
    private static readonly string[] KindsNeedingOneKill = ["backup", "restore"];
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    // Kills land anywhere in the first 0.8 s after a start or a restart: uninterrupted, the operations take one to a few
    // seconds (later kills land wherever the resumed work is), and a round stops killing after MaxKillsPerRound, so
    // the work always gets to finish.
    private static readonly TimeSpan LatestKill = TimeSpan.FromMilliseconds(800);
    private const int MaxKillsPerRound = 4;

    [Fact]
    public async Task HostKilledAtRandomMoments_DuringCreatesBackupsAndRestores_EveryOperationEndsCorrectly_ExactlyOnce()
    {
        var random = new Random(Environment.TickCount);
        var clock = Stopwatch.StartNew();
        var source = await CreateAsync("crash-source", withUser: true);
        source = await WaitForAsync("instances", source, "ACTIVE");
        string expected;
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            // Enough rows that a backup or a restore takes a second or two, so kills land inside them too.
            await InstanceData.SeedAsync(connection, 100_000);
            expected = await InstanceData.FingerprintAsync(connection);
        }

        var sourceId = source.GetProperty("id").GetString()!;
        var previousBackup = await BackupAsync(sourceId, "crash-backup-0", incremental: false);
        var previousIsChain = false;
        await WaitForAsync("backups", previousBackup, "COMPLETED");
        output.WriteLine($"source and first backup ready after {clock.Elapsed.TotalSeconds:0.0} s");

        // Host kills, and per kind of operation the kills that interrupted one.
        var hostKills = 0;
        var kills = new Dictionary<string, int> { ["create"] = 0, ["backup"] = 0, ["incremental"] = 0, ["restore"] = 0, ["chain-restore"] = 0 };
        var backups = new List<string> { previousBackup };
        // Until enough kills landed, and one at least during a full backup and a restore of one (every FullBackupEvery-th round).
        for (var round = 1;
            round <= MaxRounds && (hostKills < KillsWanted || KindsNeedingSeveralKills.Min(k => kills[k]) < MinimumKillsEach || KindsNeedingOneKill.Min(k => kills[k]) < 1);
            round++)
        {
            // The rows the previous backup holds, then a change for this round's backup to capture.
            var previousExpected = expected;
            await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
            {
                await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    UPDATE items SET amount = amount + {round}, note = 'round {round}' WHERE id % 97 = {round % 97};
                    DELETE FROM items WHERE id % 89 = {round % 89} AND id % 2 = 0;
                    INSERT INTO items SELECT id + {round * 1_000_000}, sku, name, amount, created, note FROM items WHERE id BETWEEN 1 AND 500
                    """));
                expected = await InstanceData.FingerprintAsync(connection);
            }

            var incremental = round % FullBackupEvery != 0;
            var backupKind = incremental ? "incremental" : "backup";
            var restoreKind = previousIsChain ? "chain-restore" : "restore";
            var created = await CreateAsync($"crash-create-{round}", withUser: true);
            var backup = await BackupAsync(sourceId, $"crash-backup-{round}", incremental);
            var restored = await CreateAsync($"crash-restore-{round}", withUser: false, backupId: previousBackup);
            var operations = new Dictionary<string, string>
            {
                ["create"] = created.GetProperty("operation_id").GetString()!,
                [backupKind] = (await fixture.GetAsync($"backups/{backup}", "backup")).GetProperty("operation_id").GetString()!,
                [restoreKind] = restored.GetProperty("operation_id").GetString()!,
            };

            // Kill at random moments while any of the three runs; each kill counts for every operation it interrupted.
            for (var roundKills = 0; roundKills < MaxKillsPerRound; roundKills++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)LatestKill.TotalMilliseconds)));
                var running = new List<string>();
                foreach (var (kind, operationId) in operations)
                {
                    if ((await fixture.GetAsync($"operations/{operationId}", "operation")).GetProperty("status").GetString() == "RUNNING")
                    {
                        running.Add(kind);
                    }
                }

                if (running.Count == 0)
                {
                    break;
                }

                await fixture.Host.KillAsync();
                hostKills++;
                running.ForEach(kind => kills[kind]++);
                var restart = Stopwatch.StartNew();
                await fixture.RestartAsync();
                output.WriteLine($"round {round}: killed during {string.Join(", ", running)}; host back after {restart.Elapsed.TotalSeconds:0.0} s");
            }

            var createdId = created.GetProperty("id").GetString()!;
            var restoredId = restored.GetProperty("id").GetString()!;
            var createdActive = await WaitForAsync("instances", created, "ACTIVE");
            await WaitForAsync("backups", backup, "COMPLETED");
            var restoredActive = await WaitForAsync("instances", restored, "ACTIVE");
            await WaitForAsync("instances", source, "ACTIVE");
            // An operation records its end one step after its instance shows ACTIVE.
            foreach (var operationId in operations.Values)
            {
                await WaitForAsync("operations", operationId, "COMPLETED");
            }

            // Correct: the created instance takes its user, the restore has the source's data as the backup took it.
            await using (var connection = await InstanceData.OpenAsync(createdActive, AppUser, AppPassword, "appdb"))
            {
                Assert.NotNull(connection);
            }

            await using (var connection = await InstanceData.OpenAsync(restoredActive, AppUser, AppPassword, "appdb"))
            {
                Assert.Equal(previousExpected, await InstanceData.FingerprintAsync(connection));
            }

            // Exactly once: one catalog entry and one server per instance, one backup per request.
            backups.Add(backup);
            await AssertExactlyOnceAsync([sourceId, createdId, restoredId], backups);
            output.WriteLine($"round {round} verified after {clock.Elapsed.TotalSeconds:0.0} s; {hostKills} kills so far, during {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}");

            // The round's instances go, so that the fleet stays small; the source and the backups stay.
            using (var api = fixture.Api())
            {
                Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{createdId}")).StatusCode);
                Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{restoredId}")).StatusCode);
            }

            await WaitForGoneAsync($"instances/{createdId}");
            await WaitForGoneAsync($"instances/{restoredId}");
            previousBackup = backup;
            previousIsChain = incremental;
        }

        output.WriteLine($"{hostKills} kills in {clock.Elapsed.TotalSeconds:0} s, during {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}");
        Assert.True(hostKills >= KillsWanted, $"only {hostKills} kills landed during operations");
        Assert.All(KindsNeedingSeveralKills, kind => Assert.True(kills[kind] >= MinimumKillsEach, $"kills: {string.Join(", ", kills)}"));
        Assert.All(KindsNeedingOneKill, kind => Assert.True(kills[kind] > 0, $"kills: {string.Join(", ", kills)}"));
    }

    [Fact]
    public async Task HostKilledDuringResizeAndConfigurationAttach_EachEndsCorrect()
    {
        var random = new Random(Environment.TickCount);
        var instance = await WaitForAsync("instances", await CreateAsync("crash-change", withUser: true), "ACTIVE");
        var id = instance.GetProperty("id").GetString()!;
        var kills = 0;

        // Resize m1.tiny → m1.small → m1.tiny, the host killed while each runs.
        foreach (var (flavor, bufferPoolMegabytes, connections) in new[] { ("2", 1120L, 200L), ("1", 280L, 100L) })
        {
            using (var api = fixture.Api())
            {
                using var response = await api.PostAsJsonAsync($"instances/{id}/action", new { resize = new { flavorRef = flavor } });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            kills += await KillWhileRunningAsync(id, random);
            instance = await WaitForAsync("instances", id, "ACTIVE");
            Assert.Equal(flavor, instance.GetProperty("flavor").GetProperty("id").GetString());
            Assert.Equal(bufferPoolMegabytes * 1024 * 1024, await InstanceData.GlobalVariableAsync(instance, AppUser, AppPassword, "innodb_buffer_pool_size"));
            Assert.Equal(connections, await InstanceData.GlobalVariableAsync(instance, AppUser, AppPassword, "max_connections"));
        }

        // Attach a group with a dynamic and a restart-required value, the host killed while it applies.
        string groupId;
        using (var api = fixture.Api())
        {
            using var created = await api.PostAsJsonAsync("configurations", new { configuration = new { name = "crash-cfg", values = new { max_connections = 333, performance_schema = true } } });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            groupId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("configuration").GetProperty("id").GetString()!;
            using var attached = await api.PutAsJsonAsync($"instances/{id}", new { instance = new { configuration = groupId } });
            Assert.Equal(HttpStatusCode.Accepted, attached.StatusCode);
        }

        kills += await KillWhileRunningAsync(id, random);
        instance = await WaitForAsync("instances", id, "RESTART_REQUIRED");
        Assert.Equal(333, await InstanceData.GlobalVariableAsync(instance, AppUser, AppPassword, "max_connections"));
        Assert.Equal(0, await InstanceData.GlobalVariableAsync(instance, AppUser, AppPassword, "performance_schema"));
        output.WriteLine($"{kills} kills during resizes and the attach");

        using (var api = fixture.Api())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync($"instances/{id}/action", new { restart = new { } })).StatusCode);
            instance = await WaitForAsync("instances", id, "ACTIVE");
            Assert.Equal(1, await InstanceData.GlobalVariableAsync(instance, AppUser, AppPassword, "performance_schema"));
            Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{id}")).StatusCode);
            await WaitForGoneAsync($"instances/{id}");
            Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"configurations/{groupId}")).StatusCode);
        }
    }

    [Fact]
    public async Task HostKilledMidCapture_ResumesAfterTheLastStoredArtifact_AndTheBackupRestoresExactly_ReportingReplayProgress()
    {
        var source = await WaitForAsync("instances", await CreateAsync("resume-source", withUser: true), "ACTIVE");
        var sourceId = source.GetProperty("id").GetString()!;
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            await InstanceData.SeedAsync(connection, 1_000);
            await connection.ExecuteAsync("CREATE TABLE wide (id INT PRIMARY KEY, payload MEDIUMTEXT NOT NULL)");
        }

        var full = await BackupAsync(sourceId, "resume-full", incremental: false);
        await WaitForAsync("backups", full, "COMPLETED");

        // About 17 MB of binlog in 1,000 transactions of 17 KB (one 16 KiB artifact each) and 20,000 one-row updates:
        // the capture takes seconds (two blob writes per artifact), so a kill lands between artifacts; the replay takes
        // seconds too (a round trip per transaction), so its progress is seen moving.
        string expected;
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            for (var batch = 0; batch < 10; batch++)
            {
                await connection.ExecuteAsync(string.Concat(Enumerable.Range((batch * 100) + 1, 100).Select(i => string.Create(
                    CultureInfo.InvariantCulture, $"INSERT INTO wide VALUES ({i}, REPEAT(MD5({i}), 540));"))));
            }

            for (var batch = 0; batch < 40; batch++)
            {
                await connection.ExecuteAsync(string.Concat(Enumerable.Range(batch * 500, 500).Select(i => string.Create(
                    CultureInfo.InvariantCulture, $"UPDATE items SET amount = amount + 1, note = 'u{i}' WHERE id = {(i % 1000) + 1};"))));
            }

            expected = await InstanceData.FingerprintAsync(connection) + " wide " + await connection.ExecuteScalarAsync("SELECT SUM(CRC32(payload)) FROM wide");
        }

        var backup = await BackupAsync(sourceId, "resume-inc", incremental: true);
        var operationId = (await fixture.GetAsync($"backups/{backup}", "backup")).GetProperty("operation_id").GetString()!;

        // Killed once some artifacts are stored and most are not (the step spans 5-90 % of the operation).
        await fixture.WaitForRunningStepAsync(operationId, (step, percent) => step == "capture-binlog" && percent is >= 6 and <= 45, Patience);
        await fixture.Host.KillAsync();
        await fixture.RestartAsync();
        await WaitForAsync("backups", backup, "COMPLETED");

        // The restarted host resumed after the stored artifacts, and wrote little beyond what the segment keeps.
        var log = fixture.Host.Output;
        var resumed = System.Text.RegularExpressions.Regex.Match(log, $"Resuming the capture of segment {backup} after (\\d+) stored artifacts");
        Assert.True(resumed.Success, $"the capture did not resume:\n{log}");
        Assert.True(int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture) > 0);
        var captured = System.Text.RegularExpressions.Regex.Match(log, $"Captured segment {backup}: .*, (\\d+) stored; (\\d+) stored by interrupted attempts");
        Assert.True(captured.Success, log);
        var kept = long.Parse(captured.Groups[1].Value, CultureInfo.InvariantCulture);
        var discarded = long.Parse(captured.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(kept + discarded <= kept * 1.3, $"{kept} bytes kept, {discarded} written and discarded");
        output.WriteLine($"resumed after {resumed.Groups[1].Value} artifacts; {kept} bytes kept, {discarded} discarded");

        // The restore's progress advances while the segment is replayed, not only while the snapshot loads.
        var restore = await CreateAsync("resume-restore", withUser: false, backupId: backup);
        var restoreOperation = restore.GetProperty("operation_id").GetString()!;
        var replaying = await fixture.WaitForRunningStepAsync(restoreOperation, (step, _) => step == "apply-binlog", Patience);
        var firstPercent = replaying.GetProperty("progress").GetInt32();
        var later = await fixture.WaitForRunningStepAsync(restoreOperation, (step, percent) => step == "apply-binlog" && percent > firstPercent, Patience);
        output.WriteLine($"replay progress seen: {firstPercent} %, then {later.GetProperty("progress").GetInt32()} %");
        var restored = await WaitForAsync("instances", restore, "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(restored, AppUser, AppPassword, "appdb"))
        {
            Assert.Equal(expected, await InstanceData.FingerprintAsync(connection) + " wide " + await connection.ExecuteScalarAsync("SELECT SUM(CRC32(payload)) FROM wide"));
        }

        using var api = fixture.Api();
        Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{restored.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{sourceId}")).StatusCode);
        await WaitForGoneAsync($"instances/{restored.GetProperty("id").GetString()}");
        await WaitForGoneAsync($"instances/{sourceId}");
    }

    [Fact]
    public async Task HostKilledMidResumableFullBackup_ContinuesFromTheStoredChunks_AndTheBackupRestoresExactly()
    {
        const int parts = 60;
        var source = await WaitForAsync("instances", await CreateAsync("stepped-source", withUser: true), "ACTIVE");
        var sourceId = source.GetProperty("id").GetString()!;
        string expected;
        var checksum = $"SELECT SUM(c) FROM ({string.Join(" UNION ALL ", Enumerable.Range(0, parts).Select(t => $"SELECT CRC32(CONCAT(id, v)) c FROM part{t:D2}"))}) x";
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            // Many one-chunk tables: the fixture's steps (a zero budget) store one or two each, so the dump takes many steps.
            await InstanceData.SeedAsync(connection, 1_000);
            for (var t = 0; t < parts; t++)
            {
                await connection.ExecuteAsync($"CREATE TABLE part{t:D2} (id INT PRIMARY KEY, v VARCHAR(40) NOT NULL); INSERT INTO part{t:D2} SELECT seq, MD5(seq) FROM seq_1_to_2000");
            }

            expected = await InstanceData.FingerprintAsync(connection) + " parts " + await connection.ExecuteScalarAsync(checksum);
        }

        var backup = await BackupAsync(sourceId, "stepped-full", incremental: false);
        var operationId = (await fixture.GetAsync($"backups/{backup}", "backup")).GetProperty("operation_id").GetString()!;

        // Killed once some chunks are stored and most are not (the step spans 5-90 % of the operation).
        await fixture.WaitForRunningStepAsync(operationId, (step, percent) => step == "dump-snapshot" && percent is >= 8 and <= 60, Patience);
        await fixture.Host.KillAsync();
        await fixture.RestartAsync();
        await WaitForAsync("backups", backup, "COMPLETED");

        var log = fixture.Host.Output;
        var resumed = System.Text.RegularExpressions.Regex.Match(log, $"Resumable dump {backup}/dump.json: continuing with (\\d+) of (\\d+) chunks stored");
        Assert.True(resumed.Success, $"the dump did not resume:\n{log}");
        var (stored, planned) = (int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(resumed.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.InRange(stored, 1, planned - 1);
        output.WriteLine($"resumed with {stored} of {planned} chunks stored");

        var restored = await WaitForAsync("instances", await CreateAsync("stepped-restore", withUser: false, backupId: backup), "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(restored, AppUser, AppPassword, "appdb"))
        {
            Assert.Equal(expected, await InstanceData.FingerprintAsync(connection) + " parts " + await connection.ExecuteScalarAsync(checksum));
        }

        using var api = fixture.Api();
        Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{restored.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{sourceId}")).StatusCode);
        await WaitForGoneAsync($"instances/{restored.GetProperty("id").GetString()}");
        await WaitForGoneAsync($"instances/{sourceId}");
    }

    /// <summary>Kills the host at random moments (at most twice) while the instance's current operation runs; returns the kills.</summary>
    private async Task<int> KillWhileRunningAsync(string instanceId, Random random)
    {
        var operationId = (await fixture.GetAsync($"instances/{instanceId}", "instance")).GetProperty("operation_id").GetString()!;
        var kills = 0;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)LatestKill.TotalMilliseconds)));
            if ((await fixture.GetAsync($"operations/{operationId}", "operation")).GetProperty("status").GetString() != "RUNNING")
            {
                break;
            }

            await fixture.Host.KillAsync();
            kills++;
            await fixture.RestartAsync();
        }

        await WaitForAsync("operations", operationId, "COMPLETED");
        return kills;
    }

    private async Task AssertExactlyOnceAsync(IReadOnlyList<string> instanceIds, IReadOnlyList<string> backupIds)
    {
        var listed = (await fixture.ListInstancesAsync()).Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.Equal(instanceIds.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        var servers = StateDirectoryProcesses.Find(fixture.StateDirectory).Where(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal)).ToList();
        Assert.Equal(instanceIds.Count, servers.Count);
        Assert.All(instanceIds, id => Assert.Single(servers, p => p.CommandLine.Contains(id, StringComparison.Ordinal)));
        var listedBackups = (await fixture.GetAsync("backups", "backups")).EnumerateArray().Select(b => b.GetProperty("id").GetString()!).ToList();
        Assert.Equal(backupIds.Order(StringComparer.Ordinal), listedBackups.Order(StringComparer.Ordinal));
    }

    private async Task<JsonElement> CreateAsync(string name, bool withUser, string? backupId = null)
    {
        object instance = backupId is null
            ? new { name, flavorRef = 1, volume = new { size = 1 }, datastore = new { type = "mysql", version = "10.11" }, databases = new[] { new { name = "appdb" } }, users = withUser ? new[] { new { name = AppUser, password = AppPassword, databases = new[] { new { name = "appdb" } } } } : [] }
            : new { name, flavorRef = 1, volume = new { size = 1 }, restorePoint = new { backupRef = backupId } };
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync("instances", new { instance });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance");
    }

    private async Task<string> BackupAsync(string instanceId, string name, bool incremental)
    {
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync("backups", new { backup = new { name, instance = instanceId, incremental = incremental ? 1 : 0 } });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("backup").GetProperty("id").GetString()!;
    }

    private Task<JsonElement> WaitForAsync(string collection, JsonElement resource, string status) =>
        WaitForAsync(collection, resource.GetProperty("id").GetString()!, status);

    /// <summary>Polls <c>{collection}/{id}</c> until it has the status; fails at once on ERROR or FAILED.</summary>
    private async Task<JsonElement> WaitForAsync(string collection, string id, string status)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"{collection}/{id}", collection.TrimEnd('s')),
            Patience,
            ready: resource => resource.GetProperty("status").GetString() is var current && (current == status || current is "ERROR" or "FAILED"));
        if (last.GetProperty("status").GetString() != status)
        {
            // The wire shape has no fault for a backup; the operation says what failed, the host's log why.
            var operation = last.TryGetProperty("operation_id", out var operationId) && operationId.GetString() is { } opId
                ? (await fixture.GetAsync($"operations/{opId}", "operation")).ToString()
                : "";
            output.WriteLine(string.Join('\n', fixture.Host.Output.Split('\n').TakeLast(200)));
            Assert.Fail($"{collection}/{id}: {last}\noperation: {operation}");
        }

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
            Patience,
            ready: code => code == HttpStatusCode.NotFound);
    }
}
