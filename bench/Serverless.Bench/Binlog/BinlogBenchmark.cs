namespace Serverless.Bench.Binlog;

/// <summary>
/// Reads about a gigabyte of binlog from a MariaDB server with our client, parsing every event and verifying every
/// checksum, and copies the same binlog with <c>mariadb-binlog --read-from-remote-server --raw</c>, alternating runs
/// in one process; prints medians, the ratio (goal: ours ≤ 1.0× the tool's time) and our peak working set.
/// </summary>
internal static class BinlogBenchmark
{
    public const string Name = "binlog";
    public const string Summary = "Stream ~1 GB of binlog: our reader (parse + CRC32) vs mariadb-binlog --read-from-remote-server --raw.";
    public const string Usage = """
        Usage: Serverless.Bench binlog [--megabytes N] [--rows N] [--runs N]
          --megabytes N   binlog to generate, in MB (default 1,000)
          --rows N        rows the workload inserts before it updates them (default 1,000,000)
          --runs N        timed runs per reader, alternating ours / mariadb-binlog; medians are reported (default 5)
        The workload inserts sysbench-sized rows and then updates them (full before and after images) through the
        mariadb client until the binlog holds --megabytes; files rotate at 256 MB.
        """;

    private const double BytesPerMegabyte = 1_000_000;

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var megabytes = arguments.GetInt32("megabytes", 1_000, minimum: 1);
        var rows = arguments.GetInt32("rows", 1_000_000, minimum: 1);
        var runs = arguments.GetInt32("runs", 5, minimum: 1);
        arguments.EnsureAllRead();

        var work = Path.Combine(Path.GetTempPath(), $"serverless-bench-binlog-{Environment.ProcessId}");
        var settings = new Dictionary<string, string> { ["max_binlog_size"] = "256M", ["sync_binlog"] = "0" };
        Print("Starting a throwaway MariaDB server (innodb_buffer_pool_size=1G, max_binlog_size=256M)...");
        await using var server = await BenchMariaDb.StartAsync("bench-binlog", settings, cancellationToken);
        Print($"MariaDB is listening on {server.Host}:{server.Port}.");

        Print($"Generating {megabytes:N0} MB of binlog ({rows:N0} rows inserted, then updated)...");
        var generate = StepProbe.Start();
        await BinlogWorkload.GenerateAsync(server, megabytes * (long)BytesPerMegabyte, rows, cancellationToken);
        var files = await BinlogWorkload.BinlogFilesAsync(server, cancellationToken);
        var fileBytes = files.Sum(f => f.Size);
        Print($"Generated in {generate.Finish().Elapsed.TotalSeconds:0.0} s: {files.Count} files, {Megabytes(fileBytes):N1} MB.");

        // Untimed: brings the files into the page cache, JIT-compiles our read path, loads the tool.
        Print("Warm-up: one untimed read with each...");
        var totals = await OurBinlogRead.RunAsync(server, files[0].File, cancellationToken);
        var expectedEventBytes = fileBytes - (4L * files.Count);
        if (totals.Bytes != expectedEventBytes)
        {
            throw new InvalidOperationException($"Our reader received {totals.Bytes:N0} bytes of events; the files hold {expectedEventBytes:N0}.");
        }

        var copied = await MariaDbBinlogCopy.RunAsync(server, files[0].File, Path.Combine(work, "warm-up"), cancellationToken);
        if (copied != fileBytes)
        {
            throw new InvalidOperationException($"mariadb-binlog copied {copied:N0} bytes; the files hold {fileBytes:N0}.");
        }

        Print($"Each read receives {totals.Events:N0} events ({totals.RowsEvents:N0} row events), {Megabytes(totals.Bytes):N1} MB.");
        var ours = new List<StepMeasurement>();
        var tool = new List<StepMeasurement>();
        for (var run = 1; run <= runs; run++)
        {
            var probe = StepProbe.Start(server.ProcessId);
            var read = await OurBinlogRead.RunAsync(server, files[0].File, cancellationToken);
            var our = probe.Finish();
            if (read != totals)
            {
                throw new InvalidOperationException($"Run {run} read {read}; the warm-up read {totals}.");
            }

            probe = StepProbe.Start(server.ProcessId);
            await MariaDbBinlogCopy.RunAsync(server, files[0].File, Path.Combine(work, $"run-{run}"), cancellationToken);
            var theirs = probe.Finish();
            ours.Add(our);
            tool.Add(theirs);
            Print($"run {run}/{runs}: ours {our.Elapsed.TotalSeconds:0.00} s (CPU {our.OwnCpu.TotalSeconds:0.00} s, server CPU {our.WatchedCpu[0].TotalSeconds:0.00} s, "
                + $"{Megabytes(our.Allocated):N1} MB allocated, peak WS {PeakText(our)}) | mariadb-binlog {theirs.Elapsed.TotalSeconds:0.00} s "
                + $"(CPU {theirs.ChildCpu.TotalSeconds:0.00} s, server CPU {theirs.WatchedCpu[0].TotalSeconds:0.00} s) | ratio {our.Elapsed / theirs.Elapsed:0.00}");
        }

        var ourMedian = Median(ours.Select(m => m.Elapsed));
        var toolMedian = Median(tool.Select(m => m.Elapsed));
        Print(string.Empty);
        Print($"{Name}: {Megabytes(fileBytes):N1} MB of binlog in {files.Count} files, {totals.Events:N0} events, {runs} run(s) each, TLS off, TCP to {server.Host}, {Environment.ProcessorCount} cores");
        Print($"median  ours {ourMedian.TotalSeconds:0.00} s ({Megabytes(totals.Bytes) / ourMedian.TotalSeconds:N1} MB/s, {totals.Events / ourMedian.TotalSeconds:N0} events/s, parse + CRC32 of every event)");
        Print($"        mariadb-binlog --raw {toolMedian.TotalSeconds:0.00} s ({Megabytes(fileBytes) / toolMedian.TotalSeconds:N1} MB/s, copy to files)");
        Print($"        ratio ours/mariadb-binlog {ourMedian / toolMedian:0.00} (goal <= 1.0); per-run ratios {string.Join(", ", ours.Zip(tool, (o, t) => (o.Elapsed / t.Elapsed).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        Print($"client CPU per read (median): ours {Median(ours.Select(m => m.OwnCpu)).TotalSeconds:0.00} s | mariadb-binlog {Median(tool.Select(m => m.ChildCpu)).TotalSeconds:0.00} s");
        var peaks = ours.Where(m => m.PeakWorkingSet is not null).Select(m => m.PeakWorkingSet!.Value).ToList();
        Print(peaks.Count > 0
            ? $"our peak working set during a read: {Megabytes(peaks.Max()):N1} MB (largest of the runs)"
            : $"peak working set of the bench process (the kernel refused a peak reset): {Megabytes(PeakWorkingSet.Peak()):N1} MB");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        return 0;
    }

    private static string PeakText(StepMeasurement measurement) =>
        measurement.PeakWorkingSet is { } peak ? $"{Megabytes(peak):N1} MB" : "n/a";

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double Megabytes(long bytes) => bytes / BytesPerMegabyte;

    // InvariantGlobalization is on, so numbers print as 1,234,567.8 whatever the machine's locale.
    private static void Print(string line) => Console.WriteLine(line);
}
