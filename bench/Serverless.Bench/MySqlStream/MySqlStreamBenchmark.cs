using System.Diagnostics;

namespace Serverless.Bench.MySqlStream;

/// <summary>
/// Streams sysbench's <c>sbtest1</c> through our client and through <c>mariadb --batch --quick</c>
/// to /dev/null, alternating runs against the same server, and prints rows/s, MB/s and the ratio.
/// The goal is our client at least as fast as the command-line client.
/// </summary>
internal static class MySqlStreamBenchmark
{
    public const string Name = "mysql-stream";
    public const string Summary = "Stream sysbench's sbtest1 through our client and `mariadb --batch --quick`; rows/s, MB/s, ratio.";
    public const string Usage = """
        Usage: Serverless.Bench mysql-stream [--rows N] [--runs N]
          --rows N   rows sysbench prepares in sbtest1 (default 2,000,000)
          --runs N   timed runs per client, alternating ours / mariadb (default 3)
        """;

    private const double BytesPerMegabyte = 1_000_000;
    private static readonly string Query = $"SELECT * FROM {SysbenchTable.Database}.{SysbenchTable.Table}";

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var rows = arguments.GetInt32("rows", 2_000_000, minimum: 1);
        var runs = arguments.GetInt32("runs", 3, minimum: 1);
        arguments.EnsureAllRead();

        Print("Starting a throwaway MariaDB server (innodb_buffer_pool_size=1G)...");
        await using var server = await BenchMariaDb.StartAsync("bench-mysql-stream", null, cancellationToken);
        Print($"MariaDB is listening on {server.Host}:{server.Port}.");

        var client = BenchMariaDb.Client(server);

        Print($"sysbench oltp_read_only prepare: {rows:N0} rows into {SysbenchTable.Database}.{SysbenchTable.Table}...");
        var prepare = await SysbenchTable.PrepareAsync(server, client, rows, cancellationToken);
        Print($"Prepared in {prepare.TotalSeconds:0.0} s.");

        // Untimed: loads the table into the buffer pool, JIT-compiles our read path, brings the mariadb
        // binary into the page cache, and counts the bytes both clients receive.
        Print("Warm-up: one untimed scan with each client...");
        var totals = await ClientTableScan.RunAsync(client, Query, cancellationToken);
        if (totals.Rows != rows)
        {
            throw new InvalidOperationException($"The warm-up scan read {totals.Rows:N0} rows, but sysbench prepared {rows:N0}.");
        }

        await MariaDbCliTableScan.RunAsync(server, Query, cancellationToken);
        Print($"Each scan receives {totals.Rows:N0} rows, {Megabytes(totals.Bytes):N1} MB of row values.");

        var peakResetWorked = PeakWorkingSet.Reset();
        var workingSetBefore = PeakWorkingSet.Current();
        var ours = new ScanTimings();
        var mariadb = new ScanTimings();
        for (var run = 1; run <= runs; run++)
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = CpuTime.OfThisProcess();
            var started = Stopwatch.GetTimestamp();
            var scanned = await ClientTableScan.RunAsync(client, Query, cancellationToken);
            var ourWall = Stopwatch.GetElapsedTime(started);
            var ourCpu = CpuTime.OfThisProcess() - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            if (scanned != totals)
            {
                throw new InvalidOperationException($"Run {run} read {scanned.Rows:N0} rows / {scanned.Bytes:N0} bytes; the warm-up read {totals.Rows:N0} / {totals.Bytes:N0}.");
            }

            ours.Add(ourWall, ourCpu);

            var childCpuBefore = CpuTime.OfFinishedChildren();
            var cliWall = await MariaDbCliTableScan.RunAsync(server, Query, cancellationToken);
            var cliCpu = CpuTime.OfFinishedChildren() - childCpuBefore;
            mariadb.Add(cliWall, cliCpu);

            Print($"run {run}/{runs}: ours {ourWall.TotalSeconds:0.000} s, CPU {ourCpu.TotalSeconds:0.00} s, {Megabytes(allocated):N1} MB allocated"
                + $" | mariadb {cliWall.TotalSeconds:0.000} s, CPU {cliCpu.TotalSeconds:0.00} s");
        }

        var peak = PeakWorkingSet.Peak();
        Print(string.Empty);
        Print($"{Name}: {totals.Rows:N0} rows, {Megabytes(totals.Bytes):N1} MB of row values, {runs} run(s) each, TLS off, TCP to {server.Host}");
        Print($"best    {Compare(ours.BestWall, mariadb.BestWall, totals)}");
        Print($"median  {Compare(ours.MedianWall, mariadb.MedianWall, totals)}");
        Print($"client CPU per scan (median, user + system): ours {ours.MedianCpu.TotalSeconds:0.00} s | mariadb {mariadb.MedianCpu.TotalSeconds:0.00} s");
        Print(peakResetWorked
            ? $"peak working set during the timed runs: {Megabytes(peak):N1} MB (working set before them: {Megabytes(workingSetBefore):N1} MB)"
            : $"peak working set of the bench process (whole life; the kernel refused a peak reset): {Megabytes(peak):N1} MB");
        return 0;
    }

    private static string Compare(TimeSpan ours, TimeSpan mariadb, ScanTotals totals)
    {
        var ratio = mariadb.TotalSeconds / ours.TotalSeconds;
        return $"ours {Throughput(ours, totals)} | mariadb {Throughput(mariadb, totals)} | ratio {ratio:0.00}x (goal >= 1.0)";
    }

    private static string Throughput(TimeSpan elapsed, ScanTotals totals) =>
        $"{totals.Rows / elapsed.TotalSeconds:N0} rows/s {Megabytes(totals.Bytes) / elapsed.TotalSeconds:N1} MB/s";

    private static double Megabytes(long bytes) => bytes / BytesPerMegabyte;

    // InvariantGlobalization is on, so numbers print as 1,234,567.8 whatever the machine's locale.
    private static void Print(string line) => Console.WriteLine(line);
}
