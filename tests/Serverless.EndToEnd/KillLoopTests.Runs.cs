using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests;
using Serverless.Testing;
using Xunit;

namespace Serverless.EndToEnd;

/// <summary>What each operation type's runs work on, how a run starts, and the checks of the types that make something new.</summary>
public sealed partial class KillLoopTests
{
    /// <summary>Makes, without kills, what every run of the type works on.</summary>
    private async Task<Subject> PrepareAsync(string type)
    {
        // A create makes its own instance and an eject's source is killed and replaced each run: both start from nothing.
        if (type is "create" or "eject")
        {
            return new Subject();
        }

        var source = await CreateSourceAsync($"kill-{type}");
        var subject = new Subject { Source = source, Expected = await FingerprintAsync(source) };
        switch (type)
        {
            case "pitr":
                subject.PointInTime = await PrepareChainAsync(source);
                break;
            case "incremental":
                // The chain each run's incremental backup extends.
                subject.Backups.Add(await BackupAsync(Id(source), "kill-incremental-full", incremental: false));
                break;
            case "restore":
                // Runs restore a full backup and a chain (the full one and an incremental one on top) in turn.
                subject.Restorables.Add((await BackupAsync(Id(source), "kill-restore-full", incremental: false), subject.Expected));
                subject.Expected = await ChangeRowsAsync(source, 0);
                subject.Restorables.Add((await BackupAsync(Id(source), "kill-restore-chain", incremental: true), subject.Expected));
                break;
        }

        return subject;
    }

    /// <summary>Makes, without kills, what the run's operation needs, and starts the operation.</summary>
    private async Task<StartedRun> StartRunAsync(string type, int run, Subject subject)
    {
        var name = $"kill-{type}-{run}";
        switch (type)
        {
            case "create":
                var created = await PostInstanceAsync(new
                {
                    name,
                    flavorRef = 1,
                    volume = new { size = 1 },
                    databases = new[] { new { name = "appdb" } },
                    users = new[] { new { name = AppUser, password = AppPassword, databases = new[] { new { name = "appdb" } } } },
                });
                return new StartedRun(default, created, OperationOf(created), "");
            case "restore":
                var (backupId, fingerprint) = subject.Restorables[run % subject.Restorables.Count];
                var restored = await PostInstanceAsync(new { name, flavorRef = 1, volume = new { size = 1 }, restorePoint = new { backupRef = backupId } });
                return new StartedRun(subject.Source, restored, OperationOf(restored), fingerprint) { BackupId = backupId };
            case "pitr":
                // The operation creates its target: the instance restored to the chain's moment.
                var pointInTime = subject.PointInTime!;
                var moment = await PostInstanceAsync(new
                {
                    name,
                    flavorRef = 1,
                    volume = new { size = 1 },
                    restorePoint = new { backupRef = pointInTime.BackupId, restore_time = pointInTime.Moment.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
                });
                return new StartedRun(subject.Source, moment, OperationOf(moment), pointInTime.Fingerprint);
            case "backup" or "incremental":
                // Each incremental backup captures its own change: thousands of row images, so that the capture writes
                // many artifacts and takes long enough for a kill to land inside it on a fast machine too.
                if (type == "incremental")
                {
                    subject.Expected = await ChangeRowsAsync(subject.Source, run);
                }

                var backup = await StartBackupAsync(Id(subject.Source), name, incremental: type == "incremental");
                var operationId = (await fixture.GetAsync($"backups/{backup}", "backup")).GetProperty("operation_id").GetString();
                return new StartedRun(subject.Source, subject.Source, operationId, subject.Expected) { BackupId = backup };
            case "replica":
                var replica = await PostInstanceAsync(new { name, replica_of = Id(subject.Source) });
                return new StartedRun(subject.Source, replica, OperationOf(replica), subject.Expected);
            case "eject":
                var source = await CreateSourceAsync($"kill-{type}-source-{run}", rows: 2_000);
                var expected = await FingerprintAsync(source);
                var follower = await CreateReplicaAsync(source, name, expected);
                await StateDirectoryProcesses.KillServerAsync(fixture.StateDirectory, Id(source));
                return new StartedRun(source, follower, await StartAsync(type, Id(source)), expected);
            case "delete":
                var doomed = await WaitForStatusAsync(Id(await PostInstanceAsync(new { name, flavorRef = 1, volume = new { size = 1 } })), "ACTIVE");
                return new StartedRun(subject.Source, doomed, await StartAsync(type, Id(doomed)), subject.Expected);
            case "detach" or "resync" or "promote":
                var member = await CreateReplicaAsync(subject.Source, name, subject.Expected);
                return new StartedRun(subject.Source, member, await StartAsync(type, Id(member)), subject.Expected);
            default:
                return new StartedRun(subject.Source, subject.Source, await StartAsync(type, Id(subject.Source)), subject.Expected);
        }
    }

    /// <summary>A created instance: ACTIVE, its database and user there, one catalog entry and one server.</summary>
    private async Task<string> VerifyCreateAsync(StartedRun run)
    {
        await WaitForOperationAsync(run.OperationId!);
        var created = await WaitForStatusAsync(Id(run.Target), "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(created, AppUser, AppPassword, "appdb"))
        {
            await connection.ExecuteAsync("CREATE TABLE created (id INT PRIMARY KEY)");
        }

        await AssertOneNamedAsync(run.Target);
        AssertOneServerEach();
        await DeleteAsync(Id(created));
        return "created";
    }

    /// <summary>
    /// A backup: COMPLETED, one backup per request (an incremental one on the previous backup of its chain), the source
    /// ACTIVE with its data unchanged, and the backup holds the source's data as it was (a restore of it, or of its
    /// chain, has the same checksum).
    /// </summary>
    private async Task<string> VerifyBackupAsync(string type, Subject subject, StartedRun run)
    {
        await WaitForOperationAsync(run.OperationId!);
        var backup = await fixture.GetAsync($"backups/{run.BackupId}", "backup");
        Assert.Equal("COMPLETED", backup.GetProperty("status").GetString());
        if (type == "incremental")
        {
            Assert.Equal(subject.Backups[^1], backup.GetProperty("parent_id").GetString());
        }

        subject.Backups.Add(run.BackupId!);
        var listed = (await fixture.GetAsync("backups", "backups")).EnumerateArray()
            .Where(b => b.GetProperty("name").GetString()!.StartsWith($"kill-{type}-", StringComparison.Ordinal))
            .Select(b => b.GetProperty("id").GetString()!);
        Assert.Equal(subject.Backups.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));

        var source = await WaitForStatusAsync(Id(subject.Source), "ACTIVE");
        Assert.Equal(run.Expected, await FingerprintAsync(source));
        AssertOneServerEach();

        var restored = await WaitForStatusAsync(
            Id(await PostInstanceAsync(new { name = $"{backup.GetProperty("name").GetString()}-check", flavorRef = 1, volume = new { size = 1 }, restorePoint = new { backupRef = run.BackupId } })),
            "ACTIVE");
        Assert.Equal(run.Expected, await FingerprintAsync(restored));
        await DeleteAsync(Id(restored));
        return type == "backup" ? "backed up, restores equal" : "chain extended, restores equal";
    }

    /// <summary>A restored instance: ACTIVE with the backup's data, one catalog entry and one server.</summary>
    private async Task<string> VerifyRestoreAsync(StartedRun run)
    {
        await WaitForOperationAsync(run.OperationId!);
        var restored = await WaitForStatusAsync(Id(run.Target), "ACTIVE");
        Assert.Equal(run.Expected, await FingerprintAsync(restored));
        await AssertOneNamedAsync(run.Target);
        AssertOneServerEach();
        await DeleteAsync(Id(restored));
        return (await fixture.GetAsync($"backups/{run.BackupId}", "backup")).GetProperty("kind").GetString() == "full" ? "restored a full backup" : "restored a chain";
    }

    /// <summary>
    /// A replica: ACTIVE, replicating from the source with the source's data, listed once among the source's replicas,
    /// one catalog entry and one server; a change on the source reaches it.
    /// </summary>
    private async Task<string> VerifyReplicaAsync(Subject subject, StartedRun run)
    {
        await WaitForOperationAsync(run.OperationId!);
        var replica = await WaitForStatusAsync(Id(run.Target), "ACTIVE");
        Assert.Equal(Id(run.Source), replica.GetProperty("replica_of").GetProperty("id").GetString());
        Assert.Equal(run.Expected, await WaitForFingerprintAsync(replica, run.Expected));
        var source = await WaitForStatusAsync(Id(run.Source), "ACTIVE");
        Assert.Single(source.GetProperty("replicas").EnumerateArray(), r => r.GetProperty("id").GetString() == Id(replica));
        await WaitForReplicationRunningAsync(Id(replica));
        subject.Expected = await WriteAndWaitAsync(source, replica, $"replica {Id(replica)}");
        await AssertOneNamedAsync(run.Target);
        AssertOneServerEach();
        await DeleteAsync(Id(replica));
        return "replicating";
    }

    /// <summary>
    /// A promote: the replica is the writable source with every row, the old source a replica of it that follows its
    /// writes, one server each; then the old source goes and the promoted replica is the next run's source.
    /// </summary>
    private async Task<string> VerifyPromoteAsync(Subject subject, StartedRun run)
    {
        await WaitForOperationAsync(run.OperationId!);
        var newSource = await WaitForStatusAsync(Id(run.Target), "ACTIVE");
        var oldSource = await WaitForStatusAsync(Id(run.Source), "ACTIVE");
        Assert.False(newSource.TryGetProperty("replica_of", out _));
        Assert.Equal(Id(newSource), oldSource.GetProperty("replica_of").GetProperty("id").GetString());
        Assert.Equal(run.Expected, await FingerprintAsync(newSource));

        // A follow step delivered twice after a kill may still be restarting the old source's replication threads when
        // the promote records its end (STOP SLAVE ... START SLAVE again): wait for them to run, with a deadline.
        await WaitForReplicationRunningAsync(Id(oldSource));
        var expected = await WriteAndWaitAsync(newSource, oldSource, $"promoted {Id(newSource)}");
        AssertOneServerEach();

        await DeleteAsync(Id(oldSource));
        subject.Source = await WaitForStatusAsync(Id(newSource), "ACTIVE");
        Assert.False(subject.Source.TryGetProperty("replicas", out _));
        subject.Expected = expected;
        return "promoted";
    }

    /// <summary>Writes a row on <paramref name="source"/>, waits until <paramref name="follower"/> has it; returns the new checksum.</summary>
    private static async Task<string> WriteAndWaitAsync(JsonElement source, JsonElement follower, string note)
    {
        string expected;
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            await connection.ExecuteAsync($"UPDATE items SET note = '{note}' WHERE id = 2");
            expected = await InstanceData.FingerprintAsync(connection);
        }

        Assert.Equal(expected, await WaitForFingerprintAsync(follower, expected));
        return expected;
    }

    private async Task WaitForReplicationRunningAsync(string id)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"instances/{id}", "instance"),
            TimeSpan.FromMinutes(1),
            ready: instance => instance.GetProperty("replication").GetProperty("state").GetString() == "running");
        Assert.True(last.GetProperty("replication").GetProperty("state").GetString() == "running", $"replication of {id}: {last.GetProperty("replication")}");
    }

    /// <summary>Changes about a third of the rows in one transaction (an incremental backup's worth); returns the new checksum.</summary>
    private static async Task<string> ChangeRowsAsync(JsonElement source, int run)
    {
        await using var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb");
        await connection.ExecuteAsync(string.Create(
            CultureInfo.InvariantCulture, $"UPDATE items SET amount = amount + {run + 1}, note = 'change {run}' WHERE id % 3 = {run % 3}; DELETE FROM items WHERE id % 101 = {run % 101}"));
        return await InstanceData.FingerprintAsync(connection);
    }

    /// <summary>One instance of the run's name in the catalog: the request made one, however often its steps ran.</summary>
    private async Task AssertOneNamedAsync(JsonElement instance)
    {
        var name = instance.GetProperty("name").GetString();
        Assert.Single(await fixture.ListInstancesAsync(), i => i.GetProperty("name").GetString() == name);
    }

    private async Task<string> StartBackupAsync(string instanceId, string name, bool incremental)
    {
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync("backups", new { backup = new { name, instance = instanceId, incremental = incremental ? 1 : 0 } });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("backup").GetProperty("id").GetString()!;
    }

    private static string? OperationOf(JsonElement instance) => instance.GetProperty("operation_id").GetString();

    /// <summary>What a type's runs share, made once without kills: the source (a promote replaces it each run) and its checksum, backups.</summary>
    private sealed class Subject
    {
        public JsonElement Source { get; set; }

        public string Expected { get; set; } = "";

        public PointInTime? PointInTime { get; set; }

        /// <summary>The backups a restore run restores, each with the checksum of the data it holds.</summary>
        public List<(string BackupId, string Fingerprint)> Restorables { get; } = [];

        /// <summary>The backups the type's requests made, in order (an incremental run's chain starts with a full one).</summary>
        public List<string> Backups { get; } = [];
    }

    /// <summary>One run's operation: the source, the instance it works on or makes, its operation, and the checksum its data must have when it ends.</summary>
    private sealed record StartedRun(JsonElement Source, JsonElement Target, string? OperationId, string Expected)
    {
        public string? BackupId { get; init; }
    }
}
