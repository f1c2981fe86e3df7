using Serverless.DataPlane.Snapshots;
using MySqlConnector;
using Serverless.DataPlane;
using Serverless.Platforms.Local;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Accounts;

namespace Serverless.Bench.Backup;

/// <summary>
/// Backs sysbench's <c>sbtest1</c> up with our snapshot engine (into Azurite), <c>mariadb-dump | gzip -1</c> and
/// <c>mydumper</c>, restores each backup into a fresh server with our loader, <c>mariadb</c> and <c>myloader</c>, and
/// times the server-side floor (<c>SELECT … INTO OUTFILE</c>, <c>LOAD DATA INFILE</c>) next to them. Every restore is
/// checked against the source (row count and <c>CHECKSUM TABLE</c>). Prints a table and our ratios against the goals.
/// </summary>
internal static class BackupBenchmark
{
    public const string Name = "backup";
    public const string Summary = "Back up and restore sbtest1: ours (Azurite) vs mariadb-dump|gzip -1, mydumper/myloader, INTO OUTFILE/LOAD DATA.";
    public const string Usage = """
        Usage: Serverless.Bench backup [--rows N] [--runs N]
          --rows N   rows sysbench prepares in sbtest1 (default 2,000,000)
          --runs N   timed runs of every step; the median of each is reported (default 1)
        Backups run against one source server; every restore gets a fresh server. Our artifacts go to Azurite
        on this machine. The source and the restore servers allow server-side files in one directory
        (secure_file_priv), which the INTO OUTFILE / LOAD DATA INFILE floor uses.
        """;

    private const double BytesPerMegabyte = 1_000_000;
    private const string ContainerName = "backups";
    private const string WarmUpDatabase = "warmup";
    private const int Parallelism = 2;

    private const string OursBackup = "backup: ours (SnapshotDumper -> Azurite, 2 connections)";
    private const string MariaDbDumpBackup = "backup: mariadb-dump --single-transaction + gzip -1";
    private const string MydumperBackup = "backup: mydumper -t 2 -c";
    private const string DumpFloor = "dump floor: SELECT * INTO OUTFILE";
    private const string OursRestore = "restore: ours (SnapshotLoader <- Azurite, 2 connections)";
    private const string MariaDbRestore = "restore: gunzip + mariadb";
    private const string MyloaderRestore = "restore: myloader -t 2";
    private const string LoadFloor = "load floor: LOAD DATA INFILE";

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var rows = arguments.GetInt32("rows", 2_000_000, minimum: 1);
        var runs = arguments.GetInt32("runs", 1, minimum: 1);
        arguments.EnsureAllRead();

        var work = Path.Combine(Path.GetTempPath(), $"serverless-bench-backup-{Environment.ProcessId}");
        var serverFiles = Path.Combine(work, "server-files");
        Directory.CreateDirectory(serverFiles);
        try
        {
            // Server-side files: mariadbd runs as this user (MariaDbServer passes --user), so it can write and read a
            // directory this process created; secure_file_priv limits INTO OUTFILE and LOAD DATA INFILE to it.
            var settings = new Dictionary<string, string> { ["secure_file_priv"] = serverFiles };
            Print("Starting the source MariaDB server (innodb_buffer_pool_size=1G)...");
            await using var source = await BenchMariaDb.StartAsync("bench-backup-source", settings, cancellationToken);
            var sourceClient = BenchMariaDb.Client(source);

            Print($"sysbench oltp_read_only prepare: {rows:N0} rows into {SysbenchTable.Database}.{SysbenchTable.Table}...");
            var prepare = await SysbenchTable.PrepareAsync(source, sourceClient, rows, cancellationToken);
            var expected = await TableCheck.ReadAsync(sourceClient, cancellationToken);
            Print($"Prepared in {prepare.TotalSeconds:0.0} s; source: {expected.Rows:N0} rows, CHECKSUM TABLE {expected.Checksum}.");

            Print("Starting Azurite...");
            await using var azurite = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "bench-backup" }, cancellationToken);
            var container = BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = azurite.ConnectionString }).GetBlobContainerClient(ContainerName);
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var store = new ArtifactStore(container);

            Print("Warm-up: one untimed scan of the table, and a dump and load of a 1,000-row copy with our engine...");
            await ScanAsync(sourceClient, cancellationToken);
            await WarmUpAsync(store, sourceClient, cancellationToken);

            var context = new StepContext(source, azurite.ProcessId, settings, expected);
            var runsOf = new Dictionary<string, List<BackupStepResult>>();
            for (var run = 1; run <= runs; run++)
            {
                Print($"run {run}/{runs}...");
                var setId = $"bench-backup-{run}-{Guid.NewGuid():N}";
                var dumpFile = Path.Combine(work, "sbtest.sql.gz");
                var mydumperDirectory = Path.Combine(work, "mydumper");
                var outFile = Path.Combine(serverFiles, "sbtest1.tsv");
                DeleteIfPresent(mydumperDirectory, outFile);

                Keep(runsOf, await context.BackupAsync(OursBackup, async () =>
                    (await new SnapshotDumper(store).DumpAsync(
                        sourceClient,
                        setId,
                        new SnapshotDumpOptions { Databases = [SysbenchTable.Database], Parallelism = Parallelism, IncludeUsers = false },
                        cancellationToken)).StoredBytes, cancellationToken));
                Keep(runsOf, await context.BackupAsync(MariaDbDumpBackup, async () =>
                {
                    await ToolProcess.RunAsync(ReferenceTools.MariaDbDump(source, dumpFile), cancellationToken);
                    return new FileInfo(dumpFile).Length;
                }, cancellationToken));
                Keep(runsOf, await context.BackupAsync(MydumperBackup, async () =>
                {
                    await ToolProcess.RunAsync(ReferenceTools.Mydumper(source, mydumperDirectory), cancellationToken);
                    return new DirectoryInfo(mydumperDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
                }, cancellationToken));
                Keep(runsOf, await context.BackupAsync(DumpFloor, async () =>
                {
                    await ServerSideFloor.DumpAsync(sourceClient, outFile, cancellationToken);
                    return new FileInfo(outFile).Length;
                }, cancellationToken));

                Keep(runsOf, await context.RestoreAsync(
                    OursRestore,
                    _ => Task.CompletedTask,
                    target => new SnapshotLoader(store).LoadAsync(
                        setId,
                        BenchMariaDb.Client(target),
                        new SnapshotLoadOptions { Parallelism = Parallelism, IncludeUsers = false },
                        cancellationToken),
                    cancellationToken));
                Keep(runsOf, await context.RestoreAsync(
                    MariaDbRestore,
                    target => ServerSideFloor.CreateDatabaseAsync(BenchMariaDb.Client(target), cancellationToken),
                    target => ToolProcess.RunAsync(ReferenceTools.MariaDbRestore(target, dumpFile), cancellationToken),
                    cancellationToken));
                Keep(runsOf, await context.RestoreAsync(
                    MyloaderRestore,
                    _ => Task.CompletedTask,
                    target => ToolProcess.RunAsync(ReferenceTools.Myloader(target, mydumperDirectory), cancellationToken),
                    cancellationToken));
                Keep(runsOf, await context.RestoreAsync(
                    LoadFloor,
                    target => ServerSideFloor.CreateEmptyCopyAsync(sourceClient, BenchMariaDb.Client(target), cancellationToken),
                    target => ServerSideFloor.LoadAsync(BenchMariaDb.Client(target), outFile, cancellationToken),
                    cancellationToken));

                await store.DeleteSetAsync(setId, cancellationToken);
            }

            var median = runsOf.ToDictionary(r => r.Key, r => r.Value.OrderBy(s => s.Measured.Elapsed).ElementAt((r.Value.Count - 1) / 2));
            PrintTable(median, expected.Rows, runs);
            PrintRatios(median);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // JIT-compiles our dump and load paths and warms Azurite up, on a small copy of the table in its own database;
    // loading it back into the source replaces only that database.
    private static async Task WarmUpAsync(ArtifactStore store, ServerConnection source, CancellationToken cancellationToken)
    {
        await BenchMariaDb.ExecuteAsync(
            source,
            $"CREATE DATABASE {WarmUpDatabase}; CREATE TABLE {WarmUpDatabase}.{SysbenchTable.Table} LIKE {SysbenchTable.Database}.{SysbenchTable.Table}; "
            + $"INSERT INTO {WarmUpDatabase}.{SysbenchTable.Table} SELECT * FROM {SysbenchTable.Database}.{SysbenchTable.Table} LIMIT 1000",
            cancellationToken);

        const string setId = "bench-backup-warm-up";
        await new SnapshotDumper(store).DumpAsync(source, setId, new SnapshotDumpOptions { Databases = [WarmUpDatabase], IncludeUsers = false }, cancellationToken);
        await new SnapshotLoader(store).LoadAsync(setId, source, new SnapshotLoadOptions { IncludeUsers = false }, cancellationToken);
        await store.DeleteSetAsync(setId, cancellationToken);
    }

    // Reads every row once, so that the table is in the buffer pool (and the page cache) before anything is timed.
    private static async Task ScanAsync(ServerConnection source, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(source, cancellationToken);
        await using var command = new MySqlCommand($"SELECT * FROM {SysbenchTable.Database}.{SysbenchTable.Table}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
        }
    }

    private static void DeleteIfPresent(string directory, string file)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        File.Delete(file);
    }

    private static void Keep(Dictionary<string, List<BackupStepResult>> runsOf, BackupStepResult result)
    {
        if (!runsOf.TryGetValue(result.Step, out var results))
        {
            runsOf[result.Step] = results = [];
        }

        results.Add(result);
    }

    private static void PrintTable(Dictionary<string, BackupStepResult> results, long rows, int runs)
    {
        Print(string.Empty);
        Print($"{Name}: sbtest1, {rows:N0} rows, {Environment.ProcessorCount} cores, median of {runs} run(s) (the lower middle one for an even count); every restore into a fresh server, "
            + "its row count and CHECKSUM TABLE equal to the source's");
        Print($"| {"step",-58} | {"seconds",7} | {"rows/s",9} | {"client CPU s",12} | {"server CPU s",12} | {"Azurite CPU s",13} | {"stored MB",9} | {"peak WS MB",10} |");
        Print($"|{new string('-', 60)}|{new string('-', 8)}:|{new string('-', 10)}:|{new string('-', 13)}:|{new string('-', 13)}:|{new string('-', 14)}:|{new string('-', 10)}:|{new string('-', 11)}:|");
        foreach (var step in results.Values)
        {
            var ours = step.Step is OursBackup or OursRestore;
            var stored = step.StoredBytes is { } bytes ? $"{Megabytes(bytes):N1}" : "-";
            var azurite = ours ? $"{step.AzuriteCpu.TotalSeconds:N2}" : "-";
            var peak = ours && step.Measured.PeakWorkingSet is { } ws ? $"{Megabytes(ws):N0}" : "-";
            Print($"| {step.Step,-58} | {step.Measured.Elapsed.TotalSeconds,7:N2} | {rows / step.Measured.Elapsed.TotalSeconds,9:N0} | {step.ClientCpu.TotalSeconds,12:N2} | {step.ServerCpu.TotalSeconds,12:N2} | {azurite,13} | {stored,9} | {peak,10} |");
        }
    }

    private static void PrintRatios(Dictionary<string, BackupStepResult> results)
    {
        Print(string.Empty);
        Print("ratios of wall time (lower is faster for ours):");
        Ratio("ours backup / mariadb-dump + gzip -1", OursBackup, MariaDbDumpBackup, goal: 0.5);
        Ratio("ours backup / mydumper -t 2 -c", OursBackup, MydumperBackup, goal: null);
        Ratio("ours backup / SELECT INTO OUTFILE floor", OursBackup, DumpFloor, goal: 1.0);
        Ratio("ours restore / myloader -t 2", OursRestore, MyloaderRestore, goal: 0.6);
        Ratio("ours restore / LOAD DATA INFILE floor", OursRestore, LoadFloor, goal: 1.0);
        Ratio("ours restore / gunzip + mariadb", OursRestore, MariaDbRestore, goal: null);

        void Ratio(string label, string ours, string reference, double? goal)
        {
            var ratio = results[ours].Measured.Elapsed / results[reference].Measured.Elapsed;
            var verdict = goal is { } limit ? $"goal <= {limit:0.0}  {(ratio <= limit ? "PASS" : "MISS")}" : string.Empty;
            Print($"  {label,-42} {ratio,6:0.00}  {verdict}".TrimEnd());
        }
    }

    private static double Megabytes(long bytes) => bytes / BytesPerMegabyte;

    private static void Print(string line) => Console.WriteLine(line);

    /// <summary>What every timed step needs: the source, Azurite, the restore servers' settings and the expected table.</summary>
    private sealed record StepContext(
        MariaDbServer Source,
        int AzuritePid,
        IReadOnlyDictionary<string, string> ServerSettings,
        TableCheck Expected)
    {
        /// <summary>Times one backup of the source; <paramref name="backup"/> returns the bytes it stored.</summary>
        public async Task<BackupStepResult> BackupAsync(string step, Func<Task<long>> backup, CancellationToken cancellationToken)
        {
            var probe = StepProbe.Start(Source.ProcessId, AzuritePid);
            var stored = await backup();
            var result = new BackupStepResult(step, probe.Finish(), stored);
            Print($"  {step}: {result.Measured.Elapsed.TotalSeconds:N2} s");
            return result;
        }

        /// <summary>
        /// Starts a fresh server, runs the untimed <paramref name="prepare"/>, times <paramref name="restore"/>, checks the
        /// table against the source's, and removes the server.
        /// </summary>
        public async Task<BackupStepResult> RestoreAsync(
            string step, Func<MariaDbServer, Task> prepare, Func<MariaDbServer, Task> restore, CancellationToken cancellationToken)
        {
            await using var target = await BenchMariaDb.StartAsync("bench-backup-target", ServerSettings, cancellationToken);
            await prepare(target);
            var probe = StepProbe.Start(target.ProcessId, AzuritePid);
            await restore(target);
            var result = new BackupStepResult(step, probe.Finish(), null);
            Expected.Verify(await TableCheck.ReadAsync(BenchMariaDb.Client(target), cancellationToken), step);
            Print($"  {step}: {result.Measured.Elapsed.TotalSeconds:N2} s, rows and checksum match the source");
            return result;
        }
    }
}
