using System.Globalization;
using MySqlConnector;
using Serverless.Bench.Backup;
using Serverless.DataPlane;
using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;
using Serverless.Platforms.Local;
using Serverless.Storage.Accounts;
using Serverless.Storage.Artifacts;

namespace Serverless.Bench.Chains;

/// <summary>
/// Incremental backups (docs/backup-format.md): after a full backup of sysbench's <c>sbtest1</c>, a 1 % row update is
/// backed up incrementally by ours (the binlog segment, into Azurite) and by <c>mariabackup --backup
/// --incremental-basedir</c>; then our full restore is timed against our point-in-time restore (full + the segment).
/// Every restore is checked against the source. Prints medians and the ratios against the goals.
/// </summary>
internal static class IncrementalBenchmark
{
    public const string Name = "incremental";

    private static readonly SysbenchTable Sysbench = new();
    public const string Summary = "Incremental backup of a 1 % update: ours (binlog segment) vs mariabackup --incremental-basedir; PITR restore vs full restore.";
    public const string Usage = """
        Usage: Serverless.Bench incremental [--rows N] [--runs N]
          --rows N   rows sysbench prepares in sbtest1 (default 2,000,000); 1 % of them are updated
          --runs N   timed runs of every step; the median of each is reported (default 3)
        """;

    private const double BytesPerMegabyte = 1_000_000;

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var rows = arguments.GetInt32("rows", 2_000_000, minimum: 100);
        var runs = arguments.GetInt32("runs", 3, minimum: 1);
        var loadAtStart = LoadAverage();
        arguments.EnsureAllRead();

        var work = Path.Combine(Path.GetTempPath(), $"serverless-bench-incremental-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            Print("Starting the source MariaDB server...");
            await using var source = await BenchMariaDb.StartAsync("bench-inc-source", null, cancellationToken);
            var client = BenchMariaDb.Client(source);
            Print($"sysbench prepare: {rows:N0} rows...");
            await Sysbench.PrepareAsync(source, client, rows, cancellationToken);

            await using var azurite = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "bench-incremental" }, cancellationToken);
            var container = BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = azurite.ConnectionString }).GetBlobContainerClient("backups");
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var store = new ArtifactStore(container);

            Print("Full backups (untimed): ours, and mariabackup's base...");
            var full = await new SnapshotDumper(store).DumpAsync(
                client, "full", new SnapshotDumpOptions { Databases = [SysbenchTable.DatabaseName], IncludeUsers = false, Parallelism = 2 }, cancellationToken);
            var baseDirectory = Path.Combine(work, "mariabackup-base");
            await ToolProcess.RunAsync(Mariabackup(source, baseDirectory, null), cancellationToken);

            var before = await MasterPositionAsync(client, cancellationToken);
            await BenchMariaDb.ExecuteAsync(client, $"UPDATE {SysbenchTable.DatabaseName}.{SysbenchTable.Table} SET k = k + 1 WHERE id % 100 = 0", cancellationToken);
            var after = await MasterPositionAsync(client, cancellationToken);
            var binlogBytes = after.File == before.File ? after.Position - before.Position : throw new InvalidOperationException("The binlog rotated during the update; run again.");
            var expected = await DatabaseCheck.ReadAsync(client, Sysbench, cancellationToken);
            Print($"1 % update: {rows / 100:N0} rows, {binlogBytes:N0} binlog bytes written.");

            var ours = new List<TimeSpan>();
            var theirs = new List<TimeSpan>();
            long stored = 0;
            string segmentId = string.Empty;
            for (var run = 1; run <= runs; run++)
            {
                segmentId = $"inc-{run}";
                var probe = StepProbe.Start(source.ProcessId, azurite.ProcessId);
                var segment = await new SegmentCapturer(store).CaptureAsync(client, segmentId, "full", full.Position, new SegmentCaptureOptions(), cancellationToken);
                ours.Add(probe.Finish().Elapsed);
                stored = segment.StoredBytes;
                Print($"  run {run}: ours {ours[^1].TotalSeconds:N2} s, {segment.StoredBytes:N0} bytes stored of {segment.BinlogBytes:N0} binlog bytes");

                var incrementalDirectory = Path.Combine(work, $"mariabackup-inc-{run}");
                probe = StepProbe.Start(source.ProcessId);
                await ToolProcess.RunAsync(Mariabackup(source, incrementalDirectory, baseDirectory), cancellationToken);
                theirs.Add(probe.Finish().Elapsed);
                Print($"  run {run}: mariabackup --incremental-basedir {theirs[^1].TotalSeconds:N2} s, {DirectoryBytes(incrementalDirectory):N0} bytes");
            }

            var fullRestores = new List<TimeSpan>();
            var pitrRestores = new List<TimeSpan>();
            var stopAt = new SegmentStopPoint(DateTimeOffset.UtcNow.AddSeconds(1), null);
            Print("Warm-up restore (untimed: JIT and Azurite)...");
            await RestoreAsync(store, "full", [segmentId], stopAt, expected, cancellationToken);
            for (var run = 1; run <= runs; run++)
            {
                fullRestores.Add(await RestoreAsync(store, "full", [], null, null, cancellationToken));
                pitrRestores.Add(await RestoreAsync(store, "full", [segmentId], stopAt, expected, cancellationToken));
                Print($"  run {run}: full restore {fullRestores[^1].TotalSeconds:N2} s, point-in-time restore {pitrRestores[^1].TotalSeconds:N2} s");
            }

            Print(string.Empty);
            Print($"{Name}: sbtest1 {rows:N0} rows, 1 % ({rows / 100:N0} rows) updated in one statement, median of {runs} run(s) of each step");
            Print($"  conditions: {await ServerVersionAsync(client, cancellationToken)}, binlog_format={await VariableAsync(client, "binlog_format", cancellationToken)}, "
                + $"binlog_row_image={await VariableAsync(client, "binlog_row_image", cancellationToken)}; segment artifacts of {SegmentCaptureOptions.DefaultArtifactBytes / 1024 / 1024} MiB, "
                + $"{store.Options.Compression} compression, {(store.Options.KeyProvider is null ? "not encrypted" : "encrypted")}, into Azurite on this machine; "
                + $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024)} GiB, load average {loadAtStart} at the start and {LoadAverage()} at the end");
            Print($"  medians: ours incremental {Median(ours).TotalSeconds:N2} s, mariabackup --incremental-basedir {Median(theirs).TotalSeconds:N2} s, "
                + $"full restore {Median(fullRestores).TotalSeconds:N2} s, point-in-time restore {Median(pitrRestores).TotalSeconds:N2} s; "
                + $"{stored:N0} bytes stored for {binlogBytes:N0} binlog bytes written");
            Ratio("stored bytes / binlog bytes written", stored, binlogBytes, 1.2);
            Ratio("ours incremental / mariabackup --incremental-basedir (time)", Median(ours).TotalSeconds, Median(theirs).TotalSeconds, 0.5);
            Ratio("point-in-time restore / full restore (time)", Median(pitrRestores).TotalSeconds, Median(fullRestores).TotalSeconds, 1.2);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<TimeSpan> RestoreAsync(ArtifactStore store, string fullId, IReadOnlyList<string> segments, SegmentStopPoint? stopAt, DatabaseCheck? expected, CancellationToken cancellationToken)
    {
        await using var target = await BenchMariaDb.StartAsync("bench-inc-target", null, cancellationToken);
        var probe = StepProbe.Start(target.ProcessId);
        await new ChainRestorer(store).RestoreAsync(fullId, segments, BenchMariaDb.Client(target), new SnapshotLoadOptions { IncludeUsers = false, Parallelism = 2 }, stopAt, cancellationToken);
        var elapsed = probe.Finish().Elapsed;
        if (expected is { } check)
        {
            check.Verify(await DatabaseCheck.ReadAsync(BenchMariaDb.Client(target), Sysbench, cancellationToken), "point-in-time restore");
        }

        return elapsed;
    }

    // mariabackup reads the data directory itself; the password travels in MYSQL_PWD.
    private static ToolInvocation Mariabackup(MariaDbServer server, string target, string? incrementalBase) => new(
        "mariabackup",
        [
            "--backup",
            $"--datadir={server.DataDirectory}",
            $"--target-dir={target}",
            .. BenchMariaDb.LoginArguments(server),
            .. incrementalBase is null ? Array.Empty<string>() : [$"--incremental-basedir={incrementalBase}"],
        ])
    {
        Environment = BenchMariaDb.Login(server),
        DiscardOutput = true,
    };

    private static async Task<(string File, long Position)> MasterPositionAsync(ServerConnection server, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(server, cancellationToken);
        await using var command = new MySqlCommand("SHOW MASTER STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    private static async Task<string> ServerVersionAsync(ServerConnection server, CancellationToken cancellationToken) =>
        "MariaDB " + await VariableAsync(server, "version", cancellationToken);

    private static async Task<string> VariableAsync(ServerConnection server, string name, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(server, cancellationToken);
        await using var command = new MySqlCommand($"SELECT @@{name}", connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static long DirectoryBytes(string directory) => new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt((values.Count - 1) / 2);

    private static void Ratio(string label, double ours, double reference, double goal)
    {
        var ratio = ours / reference;
        Print($"  {label,-62} {ratio,6:0.00}  goal <= {goal:0.0}  {(ratio <= goal ? "PASS" : "MISS")}");
    }

    private static void Print(string line) => Console.WriteLine(line);
}
