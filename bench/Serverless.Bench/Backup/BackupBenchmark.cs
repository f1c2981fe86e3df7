using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;
using MySqlConnector;
using Serverless.DataPlane;
using Serverless.Platforms.Local;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Accounts;

namespace Serverless.Bench.Backup;

/// <summary>
/// Backs a dataset (sysbench's <c>sbtest1</c>, or a mixed schema of many tables) up with our snapshot engine (into
/// Azurite), <c>mariadb-dump | gzip -1</c> and <c>mydumper</c>, restores each backup into a fresh server with our loader,
/// <c>mariadb</c> and <c>myloader</c>, and times the server-side floor (<c>SELECT … INTO OUTFILE</c>, <c>LOAD DATA
/// INFILE</c>) next to them, at one or more sizes. Every restore is checked against the source (row count and
/// <c>CHECKSUM TABLE</c> of every table). Prints a table per size, our ratios against the goals, and a summary with our
/// peak working set per size.
/// </summary>
internal static class BackupBenchmark
{
    public const string Name = "backup";
    public const string Summary = "Back up and restore sbtest1 or a mixed schema at several sizes: ours (Azurite) vs mariadb-dump|gzip -1, mydumper/myloader, INTO OUTFILE/LOAD DATA.";
    public const string Usage = """
        Usage: Serverless.Bench backup [--rows N[,N...]] [--runs N] [--schema sysbench|mixed] [--steps all|ours]
                                       [--resumable SECONDS [--interrupt N]]
          --rows N,...  rows in all, per size; several sizes run one after the other, each on a fresh source
                        (default 2000000; e.g. --rows 2000000,10000000; group digits with '_', not ',')
          --runs N      timed runs of every step at each size; the median of each is reported (default 1)
          --schema      sysbench: sbtest1 from sysbench prepare (default); mixed: 29 tables of different sizes,
                        a table of BLOBs, one without a primary key, secondary indexes (see bench/README.md)
          --steps       all: ours and every reference (default); ours: only our backup and restore (memory)
          --resumable   also time our resumable backup (steps of SECONDS each, then the catch-up binlog) and its
                        restore (chunks, then the catch-up replay), against our one-snapshot backup and restore
          --interrupt   cut that many of the resumable backup's steps off at a random moment, as a killed host
        Backups run against one source server per size; every restore gets a fresh server. Our artifacts go to
        Azurite on this machine. The source and the restore servers allow server-side files in one directory
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
    private const string OursResumableBackup = "backup: ours resumable (steps + catch-up binlog)";
    private const string OursResumableRestore = "restore: ours resumable (chunks + catch-up replay)";

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var sizes = arguments.GetInt32List("rows", 2_000_000, minimum: 1);
        var runs = arguments.GetInt32("runs", 1, minimum: 1);
        IBenchDataset dataset = arguments.GetChoice("schema", SysbenchTable.Name, MixedSchema.Name) == MixedSchema.Name ? new MixedSchema() : new SysbenchTable();
        var withReferences = arguments.GetChoice("steps", "all", "ours") == "all";
        var resumableSeconds = arguments.GetInt32("resumable", -1, minimum: 0);
        var resumable = resumableSeconds < 0 ? null : new ResumableRun(TimeSpan.FromSeconds(resumableSeconds), arguments.GetInt32("interrupt", 0, minimum: 0));
        arguments.EnsureAllRead();

        var work = Path.Combine(Path.GetTempPath(), $"serverless-bench-backup-{Environment.ProcessId}");
        var serverFiles = Path.Combine(work, "server-files");
        Directory.CreateDirectory(serverFiles);
        try
        {
            Print("Starting Azurite...");
            await using var azurite = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "bench-backup" }, cancellationToken);
            var container = BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = azurite.ConnectionString }).GetBlobContainerClient(ContainerName);
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var store = new ArtifactStore(container);

            var summaries = new List<(int Rows, Dictionary<string, BackupStepResult> Steps)>();
            foreach (var rows in sizes)
            {
                var median = await RunSizeAsync(dataset, rows, runs, withReferences, resumable, store, azurite.ProcessId, work, serverFiles, cancellationToken);
                PrintTable(median, dataset.Describe(rows), runs);
                PrintRatios(median);
                PrintResumable(median, resumable);
                summaries.Add((rows, median));
            }

            PrintSummary(dataset, summaries);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Prepares a fresh source with <paramref name="rows"/> rows and times every step <paramref name="runs"/> times; returns each step's median run.</summary>
    private static async Task<Dictionary<string, BackupStepResult>> RunSizeAsync(
        IBenchDataset dataset, int rows, int runs, bool withReferences, ResumableRun? resumable, ArtifactStore store, int azuritePid, string work, string serverFiles, CancellationToken cancellationToken)
    {
        // Server-side files: mariadbd runs as this user (MariaDbServer passes --user), so it can write and read a
        // directory this process created; secure_file_priv limits INTO OUTFILE and LOAD DATA INFILE to it.
        var settings = new Dictionary<string, string> { ["secure_file_priv"] = serverFiles };
        Print($"Starting the source MariaDB server (innodb_buffer_pool_size=1G) for {dataset.Describe(rows)}...");
        await using var source = await BenchMariaDb.StartAsync("bench-backup-source", settings, cancellationToken);
        var sourceClient = BenchMariaDb.Client(source);

        var prepare = await dataset.PrepareAsync(source, sourceClient, rows, cancellationToken);
        var expected = await DatabaseCheck.ReadAsync(sourceClient, dataset, cancellationToken);
        Print($"Prepared in {prepare.TotalSeconds:0.0} s; source: {expected.Tables.Count} tables, {expected.Rows:N0} rows.");

        Print("Warm-up: one untimed scan of every table, and a dump and load of a 1,000-row copy with our engine...");
        await ScanAsync(sourceClient, dataset, cancellationToken);
        await WarmUpAsync(store, sourceClient, dataset, cancellationToken);

        var context = new StepContext(source, azuritePid, settings, dataset, expected);
        var runsOf = new Dictionary<string, List<BackupStepResult>>();
        for (var run = 1; run <= runs; run++)
        {
            Print($"{rows:N0} rows, run {run}/{runs}...");
            var setId = $"bench-backup-{run}-{Guid.NewGuid():N}";
            var dumpFile = Path.Combine(work, "dump.sql.gz");
            var mydumperDirectory = Path.Combine(work, "mydumper");
            var outDirectory = Path.Combine(serverFiles, "outfile");
            DeleteIfPresent(mydumperDirectory, outDirectory, dumpFile);
            Directory.CreateDirectory(outDirectory);

            Keep(runsOf, await context.BackupAsync(OursBackup, async () =>
                (await new SnapshotDumper(store).DumpAsync(
                    sourceClient,
                    setId,
                    new SnapshotDumpOptions { Databases = [dataset.Database], Parallelism = Parallelism, IncludeUsers = false },
                    cancellationToken)).StoredBytes, cancellationToken));
            if (withReferences)
            {
                Keep(runsOf, await context.BackupAsync(MariaDbDumpBackup, async () =>
                {
                    await ToolProcess.RunAsync(ReferenceTools.MariaDbDump(source, dataset.Database, dumpFile), cancellationToken);
                    return new FileInfo(dumpFile).Length;
                }, cancellationToken));
                Keep(runsOf, await context.BackupAsync(MydumperBackup, async () =>
                {
                    await ToolProcess.RunAsync(ReferenceTools.Mydumper(source, dataset.Database, mydumperDirectory), cancellationToken);
                    return new DirectoryInfo(mydumperDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
                }, cancellationToken));
                Keep(runsOf, await context.BackupAsync(DumpFloor, () => ServerSideFloor.DumpAsync(sourceClient, dataset, outDirectory, cancellationToken), cancellationToken));
            }

            Keep(runsOf, await context.RestoreAsync(
                OursRestore,
                _ => Task.CompletedTask,
                target => new SnapshotLoader(store).LoadAsync(
                    setId,
                    BenchMariaDb.Client(target),
                    new SnapshotLoadOptions { Parallelism = Parallelism, IncludeUsers = false },
                    cancellationToken),
                cancellationToken));
            if (withReferences)
            {
                Keep(runsOf, await context.RestoreAsync(
                    MariaDbRestore,
                    target => ServerSideFloor.CreateDatabaseAsync(BenchMariaDb.Client(target), dataset, cancellationToken),
                    target => ToolProcess.RunAsync(ReferenceTools.MariaDbRestore(target, dataset.Database, dumpFile), cancellationToken),
                    cancellationToken));
                Keep(runsOf, await context.RestoreAsync(
                    MyloaderRestore,
                    _ => Task.CompletedTask,
                    target => ToolProcess.RunAsync(ReferenceTools.Myloader(target, mydumperDirectory), cancellationToken),
                    cancellationToken));
                Keep(runsOf, await context.RestoreAsync(
                    LoadFloor,
                    target => ServerSideFloor.CreateEmptyCopyAsync(sourceClient, BenchMariaDb.Client(target), dataset, cancellationToken),
                    target => ServerSideFloor.LoadAsync(BenchMariaDb.Client(target), dataset, outDirectory, cancellationToken),
                    cancellationToken));
            }

            if (resumable is not null)
            {
                var resumableId = $"{setId}-resumable";
                Keep(runsOf, await context.BackupAsync(OursResumableBackup, () =>
                    ResumableDump.RunAsync(store, sourceClient, dataset.Database, resumableId, resumable.StepBudget, resumable.Interruptions, Parallelism, cancellationToken), cancellationToken));
                Keep(runsOf, await context.RestoreAsync(
                    OursResumableRestore,
                    _ => Task.CompletedTask,
                    target => new ChainRestorer(store).RestoreAsync(
                        resumableId, [], BenchMariaDb.Client(target), new SnapshotLoadOptions { Parallelism = Parallelism, IncludeUsers = false }, null, cancellationToken),
                    cancellationToken));
                await store.DeleteSetAsync(resumableId, cancellationToken);
                await store.DeleteSetAsync(ResumableSnapshotDumper.CatchupSetId(resumableId), cancellationToken);
            }

            await store.DeleteSetAsync(setId, cancellationToken);
            DeleteIfPresent(mydumperDirectory, outDirectory, dumpFile);
        }

        return runsOf.ToDictionary(r => r.Key, r => r.Value.OrderBy(s => s.Measured.Elapsed).ElementAt((r.Value.Count - 1) / 2));
    }

    // JIT-compiles our dump and load paths and warms Azurite up, on a small copy of the first table in its own
    // database; loading it back into the source replaces only that database.
    private static async Task WarmUpAsync(ArtifactStore store, ServerConnection source, IBenchDataset dataset, CancellationToken cancellationToken)
    {
        var table = dataset.Tables[0];
        await BenchMariaDb.ExecuteAsync(
            source,
            $"CREATE DATABASE {WarmUpDatabase}; CREATE TABLE {WarmUpDatabase}.`{table}` LIKE `{dataset.Database}`.`{table}`; "
            + $"INSERT INTO {WarmUpDatabase}.`{table}` SELECT * FROM `{dataset.Database}`.`{table}` LIMIT 1000",
            cancellationToken);

        const string setId = "bench-backup-warm-up";
        await new SnapshotDumper(store).DumpAsync(source, setId, new SnapshotDumpOptions { Databases = [WarmUpDatabase], IncludeUsers = false }, cancellationToken);
        await new SnapshotLoader(store).LoadAsync(setId, source, new SnapshotLoadOptions { IncludeUsers = false }, cancellationToken);
        await store.DeleteSetAsync(setId, cancellationToken);
        await BenchMariaDb.ExecuteAsync(source, $"DROP DATABASE {WarmUpDatabase}", cancellationToken);
    }

    // Reads every row once, so that the tables are in the buffer pool (and the page cache) before anything is timed.
    private static async Task ScanAsync(ServerConnection source, IBenchDataset dataset, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(source, cancellationToken, dataset.Database);
        foreach (var table in dataset.Tables)
        {
            await using var command = new MySqlCommand($"SELECT * FROM `{table}`", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
            }
        }
    }

    private static void DeleteIfPresent(string mydumperDirectory, string outDirectory, string dumpFile)
    {
        foreach (var directory in new[] { mydumperDirectory, outDirectory })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        File.Delete(dumpFile);
    }

    private static void Keep(Dictionary<string, List<BackupStepResult>> runsOf, BackupStepResult result)
    {
        if (!runsOf.TryGetValue(result.Step, out var results))
        {
            runsOf[result.Step] = results = [];
        }

        results.Add(result);
    }

    private static void PrintTable(Dictionary<string, BackupStepResult> results, string dataset, int runs)
    {
        var rows = results[OursBackup].Rows;
        Print(string.Empty);
        Print($"{Name}: {dataset}, {Environment.ProcessorCount} cores, load average {LoadAverage()}, median of {runs} run(s) (the lower middle one for an even count); "
            + "every restore into a fresh server, its row counts and CHECKSUM TABLE equal to the source's");
        Print($"| {"step",-58} | {"seconds",7} | {"rows/s",9} | {"client CPU s",12} | {"server CPU s",12} | {"Azurite CPU s",13} | {"stored MB",9} | {"peak WS MB",10} |");
        Print($"|{new string('-', 60)}|{new string('-', 8)}:|{new string('-', 10)}:|{new string('-', 13)}:|{new string('-', 13)}:|{new string('-', 14)}:|{new string('-', 10)}:|{new string('-', 11)}:|");
        foreach (var step in results.Values)
        {
            var ours = step.Step is OursBackup or OursRestore or OursResumableBackup or OursResumableRestore;
            var stored = step.StoredBytes is { } bytes ? $"{Megabytes(bytes):N1}" : "-";
            var azurite = ours ? $"{step.AzuriteCpu.TotalSeconds:N2}" : "-";
            var peak = ours && step.Measured.PeakWorkingSet is { } ws ? $"{Megabytes(ws):N0}" : "-";
            Print($"| {step.Step,-58} | {step.Measured.Elapsed.TotalSeconds,7:N2} | {rows / step.Measured.Elapsed.TotalSeconds,9:N0} | {step.ClientCpu.TotalSeconds,12:N2} | {step.ServerCpu.TotalSeconds,12:N2} | {azurite,13} | {stored,9} | {peak,10} |");
        }
    }

    private static void PrintResumable(Dictionary<string, BackupStepResult> results, ResumableRun? resumable)
    {
        if (resumable is null)
        {
            return;
        }

        Print(string.Empty);
        Print($"resumable backup in steps of {resumable.StepBudget.TotalSeconds:0} s, {resumable.Interruptions} cut off at a random moment (wall time against ours in one snapshot):");
        foreach (var (label, ours, reference, goal) in new[]
        {
            ("resumable backup / one-snapshot backup", OursResumableBackup, OursBackup, (double?)1.3),
            ("resumable restore / one-snapshot restore", OursResumableRestore, OursRestore, null),
        })
        {
            var ratio = results[ours].Measured.Elapsed / results[reference].Measured.Elapsed;
            var verdict = goal is { } limit ? $"goal <= {limit:0.0}  {(ratio <= limit ? "PASS" : "MISS")}" : string.Empty;
            Print($"  {label,-42} {ratio,6:0.00}  {verdict}".TrimEnd());
        }
    }

    private static void PrintRatios(Dictionary<string, BackupStepResult> results)
    {
        if (!results.ContainsKey(MyloaderRestore))
        {
            return;
        }

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

    private static void PrintSummary(IBenchDataset dataset, List<(int Rows, Dictionary<string, BackupStepResult> Steps)> sizes)
    {
        Print(string.Empty);
        Print($"summary ({dataset.Describe(0).Split(',')[0]}): ratios of our wall time to each reference, and our peak working set");
        Print("| rows | backup / mariadb-dump+gzip (<= 0.5) | backup / OUTFILE (<= 1.0) | restore / myloader -t 2 (<= 0.6) | restore / LOAD DATA (<= 1.0) | backup peak WS MB | restore peak WS MB |");
        Print("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (rows, steps) in sizes)
        {
            Print($"| {rows:N0} | {Ratio(steps, OursBackup, MariaDbDumpBackup)} | {Ratio(steps, OursBackup, DumpFloor)} | {Ratio(steps, OursRestore, MyloaderRestore)} | "
                + $"{Ratio(steps, OursRestore, LoadFloor)} | {Peak(steps[OursBackup])} | {Peak(steps[OursRestore])} |");
        }

        static string Ratio(Dictionary<string, BackupStepResult> steps, string ours, string reference) =>
            steps.TryGetValue(reference, out var theirs) ? $"{steps[ours].Measured.Elapsed / theirs.Measured.Elapsed:0.00}" : "-";

        static string Peak(BackupStepResult step) => step.Measured.PeakWorkingSet is { } ws ? $"{Megabytes(ws):N0}" : "-";
    }

    /// <summary>How the resumable backup runs: its step budget and how many steps are cut off.</summary>
    private sealed record ResumableRun(TimeSpan StepBudget, int Interruptions);

    /// <summary>The 1, 5 and 15 minute load averages, as <c>uptime</c> prints them.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double Megabytes(long bytes) => bytes / BytesPerMegabyte;

    private static void Print(string line) => Console.WriteLine(line);

    /// <summary>What every timed step needs: the source, Azurite, the restore servers' settings and the expected table.</summary>
    private sealed record StepContext(
        MariaDbServer Source,
        int AzuritePid,
        IReadOnlyDictionary<string, string> ServerSettings,
        IBenchDataset Dataset,
        DatabaseCheck Expected)
    {
        /// <summary>Times one backup of the source; <paramref name="backup"/> returns the bytes it stored.</summary>
        public async Task<BackupStepResult> BackupAsync(string step, Func<Task<long>> backup, CancellationToken cancellationToken)
        {
            var probe = StepProbe.Start(Source.ProcessId, AzuritePid);
            var stored = await backup();
            var result = new BackupStepResult(step, probe.Finish(), stored) { Rows = Expected.Rows };
            Print($"  {step}: {result.Measured.Elapsed.TotalSeconds:N2} s{MemoryNote(result)}");
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
            var result = new BackupStepResult(step, probe.Finish(), null) { Rows = Expected.Rows };
            Expected.Verify(await DatabaseCheck.ReadAsync(BenchMariaDb.Client(target), Dataset, cancellationToken), step);
            Print($"  {step}: {result.Measured.Elapsed.TotalSeconds:N2} s, rows and checksums match the source{MemoryNote(result)}");
            return result;
        }

        // For our steps: the peak working set, and how much of the process is the managed heap right after, which
        // tells pooled or native memory from garbage the GC has not collected yet.
        private static string MemoryNote(BackupStepResult result)
        {
            if (result.Step is not (OursBackup or OursRestore) || result.Measured.PeakWorkingSet is not { } peak)
            {
                return string.Empty;
            }

            var gc = GC.GetGCMemoryInfo();
            var note = $" (peak WS {Megabytes(peak):N0} MB; after it WS {Megabytes(PeakWorkingSet.Current()):N0} MB, GC heap {Megabytes(gc.HeapSizeBytes):N0} MB "
                + $"(large objects {Megabytes(gc.GenerationInfo[3].SizeAfterBytes):N0} MB), committed {Megabytes(gc.TotalCommittedBytes):N0} MB, gen2 GCs {GC.CollectionCount(2)}";

            // A full, compacting collection tells garbage the GC had not collected yet from memory still held.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var after = GC.GetGCMemoryInfo();
            return note + $"; after a full GC: WS {Megabytes(PeakWorkingSet.Current()):N0} MB, GC heap {Megabytes(after.HeapSizeBytes):N0} MB, committed {Megabytes(after.TotalCommittedBytes):N0} MB)";
        }
    }
}
