using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Bench.Backup;
using Serverless.DataPlane;

namespace Serverless.Bench.Killed;

/// <summary>
/// Issue 18's resumption, measured from outside: the real local host (a child process, resumable full backups on) is
/// SIGKILLed at random moments during a full backup of sysbench's <c>sbtest1</c> under a write load, and again during a
/// restore of that backup into a new instance, and restarted each time; both are timed against the same backup and
/// restore run uninterrupted on the same source, and every restore is compared with the source at the backup's end point.
/// </summary>
internal static partial class KilledBenchmark
{
    public const string Name = "killed";
    public const string Summary = "The real local host SIGKILLed at random moments during a resumable full backup (under write load) and its restore, vs uninterrupted.";
    public const string Usage = """
        Usage: Serverless.Bench killed [--rows N] [--kills K] [--write-load 1|0] [--step-seconds S] [--write-rate TPS] [--flavor ID] [--seed N] [--host-log FILE]
          --rows N          rows sysbench prepares in sbtest1 (default 1,000,000)
          --kills K         host kills during the killed backup, and K again during its restore (default 3)
          --write-load 1|0  sysbench oltp_write_only from each backup's request until 30 % (a quarter of the rows read), default 1
          --step-seconds S  the resumable backup's step budget, SERVERLESS_RESUMABLE_BACKUP_STEP_SECONDS (default 10)
          --write-rate TPS  transactions per second of the write load, 2 threads (default 50)
          --flavor ID       flavor of the instances (default 2)
          --seed N          seed of the random kill moments (default: from the clock; printed)
          --host-log FILE   write everything the host printed (every incarnation) to FILE at the end
        """;

    private const string User = "bench";
    private const string Database = "sbtest";
    private const int WriterThreads = 2;

    // The backup's dump-snapshot step spans 5-90 % of its progress, counted in rows read: the write load stops once
    // about a quarter of the rows are read, so that the backup's end point (taken after the last chunk) comes after its
    // last write. Progress is published every few seconds, so on a table of one or two chunks it may jump past this
    // mark to the end: the run then fails rather than compare the restore with a source that moved on.
    private const int WriterStopPercent = 30;

    // Kill moments are drawn in the first 80 % of the uninterrupted operation's time, so that each lands while the
    // killed one still runs.
    private const double KillWindow = 0.8;
    private static readonly TimeSpan OperationDeadline = TimeSpan.FromHours(4);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new ToolFailedException("The killed benchmark runs the local host, which runs on Linux only.");
        }

        var rows = arguments.GetInt32("rows", 1_000_000, minimum: 1_000);
        var kills = arguments.GetInt32("kills", 3, minimum: 0);
        var writeLoad = arguments.GetChoice("write-load", "1", "0") == "1";
        var stepSeconds = arguments.GetInt32("step-seconds", 10, minimum: 0);
        var writeRate = arguments.GetInt32("write-rate", 50, minimum: 1);
        var flavor = arguments.GetInt32("flavor", 2, minimum: 1);
        var seed = arguments.GetInt32("seed", Environment.TickCount & int.MaxValue, minimum: 0);
        var hostLog = arguments.GetText("host-log");
        arguments.EnsureAllRead();
        var loadAtStart = LoadAverage();
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

        // The task hub's messages come back 8 s after a kill (the least the host takes), as in the crash suite.
        var environment = new Dictionary<string, string>
        {
            ["SERVERLESS_DURABLE_VISIBILITY_SECONDS"] = "8",
            ["SERVERLESS_RESUMABLE_BACKUP_STEP_SECONDS"] = stepSeconds.ToString(CultureInfo.InvariantCulture),
        };
        Print($"Starting the local host (resumable full backups in steps of {stepSeconds} s)...");
        await using var host = await KilledHost.StartAsync(environment, cancellationToken);
        try
        {
            return await RunAsync(host, rows, kills, writeLoad, stepSeconds, writeRate, flavor, seed, password, loadAtStart, cancellationToken);
        }
        finally
        {
            if (hostLog is not null)
            {
                // The host prints its API token in its banner, for a developer at the console; the file does not keep it.
                await File.WriteAllTextAsync(hostLog, host.Output.Replace(host.Process.Token, "***", StringComparison.Ordinal), CancellationToken.None);
            }
        }
    }

    private static async Task<int> RunAsync(
        KilledHost host, int rows, int kills, bool writeLoad, int stepSeconds, int writeRate, int flavor, int seed, string password, string loadAtStart, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var volume = Math.Max(2, (int)Math.Ceiling(rows * 400.0 / 1_000_000_000) * 2);

        Print("Creating the source instance...");
        var source = await CreateInstanceAsync(host, new JsonObject
        {
            ["name"] = "bench-source",
            ["flavorRef"] = flavor.ToString(CultureInfo.InvariantCulture),
            ["volume"] = new JsonObject { ["size"] = volume },
            ["datastore"] = new JsonObject { ["type"] = "mysql", ["version"] = "10.11" },
            ["databases"] = new JsonArray(new JsonObject { ["name"] = Database }),
            ["users"] = new JsonArray(new JsonObject { ["name"] = User, ["password"] = password, ["databases"] = new JsonArray(new JsonObject { ["name"] = Database }) }),
        }, [], cancellationToken);
        var sourceServer = Connection(source.Instance, password);
        Print($"sysbench prepare: {rows:N0} rows...");
        var prepare = await ToolProcess.RunAsync(
            InstanceSysbench.Invocation(sourceServer.Host, sourceServer.Port, User, password, Database, ["oltp_write_only", "--tables=1", $"--table-size={rows.ToString(CultureInfo.InvariantCulture)}", "prepare"]),
            cancellationToken);
        Print($"  prepared in {prepare.Elapsed.TotalSeconds:N1} s");
        var tables = await BaseTablesAsync(sourceServer, cancellationToken);

        Print("Uninterrupted: full backup, then a restore into a new instance...");
        var calm = await BackupAndRestoreAsync(host, source.Id, sourceServer, tables, flavor, volume, password, writeLoad, writeRate, rows, [], [], "uninterrupted", cancellationToken);

        var backupMoments = Moments(random, kills, calm.Backup.Wall);
        var restoreMoments = Moments(random, kills, calm.Restore.Wall);
        Print($"Killed: full backup with {kills} kills, then a restore of it with {kills} kills...");
        var killed = await BackupAndRestoreAsync(host, source.Id, sourceServer, tables, flavor, volume, password, writeLoad, writeRate, rows, backupMoments, restoreMoments, "killed", cancellationToken);

        Print(string.Empty);
        Print($"{Name}: sbtest1 {rows:N0} rows, instances of flavor {flavor}; the real local host process, resumable full backups in steps of {stepSeconds} s; "
            + (writeLoad ? $"sysbench oltp_write_only at {writeRate} tx/s ({WriterThreads} threads) from each backup's request until {WriterStopPercent} % of its progress" : "no write load"));
        Print($"  conditions: {Environment.ProcessorCount} cores, load average {loadAtStart} at the start, {LoadAverage()} at the end; kill moments seed {seed}");
        Print("| operation | uninterrupted s | killed s | kills landed | outage s | resume wait s | work s | ratio wall | ratio work | host peak RSS MB (uninterrupted / killed) |");
        Print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var passed = true;
        foreach (var (what, quiet, hit) in new[] { ("backup", calm.Backup, killed.Backup), ("restore", calm.Restore, killed.Restore) })
        {
            var wallRatio = hit.Wall / quiet.Wall;
            var workRatio = hit.Work / quiet.Wall;
            passed &= workRatio <= 1.3;
            Print(string.Create(CultureInfo.InvariantCulture,
                $"| {what} | {quiet.Wall.TotalSeconds:N1} | {hit.Wall.TotalSeconds:N1} | {hit.KillsLanded} of {kills} | {hit.Outage.TotalSeconds:N1} | {hit.ResumeWait.TotalSeconds:N1} | {hit.Work.TotalSeconds:N1} | {wallRatio:0.00} | {workRatio:0.00} | {quiet.PeakBytes / 1e6:N0} / {hit.PeakBytes / 1e6:N0} |"));
        }

        Print("  ratio work = work / uninterrupted, goal <= 1.3 for each: " + (passed ? "PASS" : "MISS")
            + "; work = killed less the outages (each kill until the restarted host was ready) and resume waits (ready until it took up the operation's next durable work item)");
        foreach (var (what, run) in new[] { ("uninterrupted", calm), ("killed", killed) })
        {
            Print($"  {what}: {run.Verified}");
        }

        return 0;
    }

    /// <summary>A full backup of the source, and a restore of it into a new instance that is checked against the source and deleted.</summary>
    private static async Task<BackupAndRestore> BackupAndRestoreAsync(
        KilledHost host, string sourceId, ServerConnection sourceServer, IReadOnlyList<string> tables, int flavor, int volume, string password,
        bool writeLoad, int writeRate, int rows, IReadOnlyList<TimeSpan> backupMoments, IReadOnlyList<TimeSpan> restoreMoments, string label, CancellationToken cancellationToken)
    {
        WriteLoad? load = writeLoad ? await WriteLoad.StartAsync(sourceServer, Database, rows, writeRate, WriterThreads, cancellationToken) : null;
        string backupId;
        KilledRun backup;
        var stoppedEarly = false;
        try
        {
            var clock = Stopwatch.StartNew();
            var created = await host.PostAsync("backups", new JsonObject { ["backup"] = new JsonObject { ["name"] = $"bench-{label}", ["instance"] = sourceId, ["incremental"] = 0 } }, "backup", cancellationToken);
            backupId = created.GetProperty("id").GetString()!;
            var operationId = created.GetProperty("operation_id").GetString()!;
            backup = await RunOperationAsync(host, operationId, $"backup-{backupId}", clock, backupMoments, async operation =>
            {
                if (load is { Running: true } && operation.GetProperty("progress").GetInt32() >= WriterStopPercent)
                {
                    var stopping = Stopwatch.StartNew();
                    await load.StopAsync(cancellationToken);
                    stoppedEarly = true;
                    Print($"    write load stopped at {clock.Elapsed.TotalSeconds:N1} s, {operation.GetProperty("progress").GetInt32()} % (took {stopping.Elapsed.TotalSeconds:N1} s)");
                }
            }, cancellationToken);
            if (load is not null)
            {
                await load.StopAsync(cancellationToken);
            }
        }
        finally
        {
            if (load is not null)
            {
                await load.DisposeAsync();
            }
        }

        // What the restore must equal: the source now, nothing having written to it since the write load stopped. That is
        // the backup's end point only if the catch-up's end (logged by the host) is the source's GTID position now.
        var expected = await DatabaseCheck.ReadAsync(sourceServer, Database, tables, cancellationToken);
        var position = await WriteLoad.GtidPositionAsync(sourceServer, cancellationToken);
        var (end, catchup) = CatchupEnd(host.Output, backupId);
        if (load is not null && (!stoppedEarly || !SamePosition(end, position)))
        {
            throw new ToolFailedException(
                $"The {label} backup's end point ({end ?? "not logged"}) is not the source's position after the write load stopped ({position}); "
                + "the write load did not stop before the backup's last chunk, so its restore cannot be compared with the source. Use more rows or a lower --write-rate.");
        }

        var restored = await CreateInstanceAsync(host, new JsonObject
        {
            ["name"] = $"bench-{label}-restore",
            ["flavorRef"] = flavor.ToString(CultureInfo.InvariantCulture),
            ["volume"] = new JsonObject { ["size"] = volume },
            ["restorePoint"] = new JsonObject { ["backupRef"] = backupId },
        }, restoreMoments, cancellationToken);
        var actual = await DatabaseCheck.ReadAsync(Connection(restored.Instance, password), Database, tables, cancellationToken);
        expected.Verify(actual, $"{label} restore");
        await host.DeleteInstanceAsync(restored.Id, TimeSpan.FromMinutes(5), cancellationToken);

        var verified = $"restored {string.Join(", ", actual.Tables.Select(t => $"{t.Table} {t.Rows:N0} rows, CHECKSUM TABLE {t.Checksum}"))} = source"
            + (load is null ? string.Empty : $" after {load.Transactions:N0} write-load transactions, at the backup's end point GTID {end}; its catch-up, replayed by the restore, holds {catchup} transactions");
        Print($"  {label}: backup {backup.Wall.TotalSeconds:N1} s ({backup.KillsLanded} kills), restore {restored.Run.Wall.TotalSeconds:N1} s ({restored.Run.KillsLanded} kills); {verified}");
        return new BackupAndRestore(backup, restored.Run, verified);
    }

    /// <summary>Creates an instance (a restore when the body names a backup), killing the host at <paramref name="moments"/>, and waits until it is ACTIVE.</summary>
    private static async Task<CreatedInstance> CreateInstanceAsync(
        KilledHost host, JsonObject instance, IReadOnlyList<TimeSpan> moments, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var created = await host.PostAsync("instances", new JsonObject { ["instance"] = instance }, "instance", cancellationToken);
        var id = created.GetProperty("id").GetString()!;
        var run = await RunOperationAsync(host, created.GetProperty("operation_id").GetString()!, $"create-{id}", clock, moments, null, cancellationToken);
        var shown = await host.GetAsync($"instances/{id}", "instance", cancellationToken);
        if (shown.GetProperty("status").GetString() != "ACTIVE")
        {
            throw new ToolFailedException($"Instance {id} is {shown.GetProperty("status").GetString()} after its operation completed.");
        }

        return new CreatedInstance(id, shown, run);
    }

    /// <summary>
    /// Polls the operation until it completes, killing and restarting the host at each of <paramref name="moments"/> of
    /// its working time (the clock stands still from a kill until the host is ready again) while it runs.
    /// </summary>
    private static async Task<KilledRun> RunOperationAsync(
        KilledHost host, string operationId, string orchestrationId, Stopwatch clock, IReadOnlyList<TimeSpan> moments, Func<JsonElement, Task>? onPoll, CancellationToken cancellationToken)
    {
        host.ResetPeak();
        var working = Stopwatch.StartNew();
        var outage = TimeSpan.Zero;
        var resumeWait = TimeSpan.Zero;
        Stopwatch? resuming = null;
        var landed = 0;

        // The durable runtime's own log line when the restarted host takes up a work item of the operation's orchestration.
        var processing = $"{orchestrationId}: Processing [";
        while (true)
        {
            var operation = await host.GetAsync($"operations/{operationId}", "operation", cancellationToken);
            host.SamplePeak();
            if (resuming is not null && (host.Process.Output.Contains(processing, StringComparison.Ordinal) || operation.GetProperty("status").GetString() != "RUNNING"))
            {
                resumeWait += resuming.Elapsed;
                resuming = null;
            }

            switch (operation.GetProperty("status").GetString())
            {
                case "COMPLETED":
                    return new KilledRun(clock.Elapsed, outage, resumeWait, landed, host.PeakBytes);
                case "RUNNING" or "PENDING":
                    break;
                default:
                    throw new ToolFailedException($"Operation {operationId} ended {operation}:\n{string.Join('\n', host.Output.Split('\n').TakeLast(60))}");
            }

            if (landed < moments.Count && working.Elapsed >= moments[landed])
            {
                working.Stop();
                var down = Stopwatch.StartNew();
                if (resuming is not null)
                {
                    resumeWait += resuming.Elapsed;
                }

                await host.KillAndRestartAsync(cancellationToken);
                outage += down.Elapsed;
                resuming = Stopwatch.StartNew();
                landed++;
                Print($"    killed at {clock.Elapsed.TotalSeconds:N1} s during {(operation.TryGetProperty("current_step", out var step) ? step.GetString() : null) ?? "?"} at {operation.GetProperty("progress").GetInt32()} %; host back after {down.Elapsed.TotalSeconds:N1} s");
                working.Start();
                continue;
            }

            if (onPoll is not null)
            {
                await onPoll(operation);
            }

            if (clock.Elapsed > OperationDeadline)
            {
                throw new ToolFailedException($"Operation {operationId} did not complete within {OperationDeadline.TotalHours:0} h: {operation}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static TimeSpan[] Moments(Random random, int count, TimeSpan uninterrupted) =>
        [.. Enumerable.Range(0, count).Select(_ => uninterrupted * (random.NextDouble() * KillWindow)).Order()];

    private static ServerConnection Connection(JsonElement instance, string password) =>
        new(instance.GetProperty("hostname").GetString()!, instance.GetProperty("port").GetInt32(), User, password, CaCertificatePem: null) { UseTls = false };

    private static async Task<IReadOnlyList<string>> BaseTablesAsync(ServerConnection server, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(server, cancellationToken, Database);
        await using var command = new MySqlConnector.MySqlCommand("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>The catch-up end GTID the host logged when it completed the resumable dump of <paramref name="backupId"/>.</summary>
    private static (string? End, string? Transactions) CatchupEnd(string log, string backupId) =>
        CompletedDump().Matches(log).Where(m => m.Groups["set"].Value == backupId).Select(m => ((string?)m.Groups["to"].Value, (string?)m.Groups["transactions"].Value)).LastOrDefault();

    private static bool SamePosition(string? a, string b) =>
        a is not null && Normalize(a) == Normalize(b);

    private static string Normalize(string position) =>
        string.Join(',', position.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static void Print(string line) => Console.WriteLine(line);

    [GeneratedRegex(@"Resumable dump of set (?<set>\S+) complete: \d+ chunks, catch-up from GTID \S* to (?<to>\S*) \((?<transactions>\d+) transactions\)")]
    private static partial Regex CompletedDump();

    private sealed record CreatedInstance(string Id, JsonElement Instance, KilledRun Run);

    private sealed record BackupAndRestore(KilledRun Backup, KilledRun Restore, string Verified);
}
