using System.Security.Cryptography;
using Azure.Storage;
using Serverless.Platforms.Local;
using Serverless.Storage.Accounts;
using Serverless.Storage.Artifacts;

namespace Serverless.Bench.Artifacts;

/// <summary>
/// Writes a file of sbtest-like rows as an artifact to Azurite and reads it back verified, with and without
/// encryption, next to <c>cp</c> and <c>gzip -1</c> of the same file in the same run, and prints MB/s of the
/// original bytes, speed relative to cp and gzip -1, and how much was stored.
/// </summary>
internal static class StorageBenchmark
{
    public const string Name = "storage";
    public const string Summary = "Write and read back a 400 MB artifact on Azurite vs `cp` and `gzip -1` of the file; MB/s and ratios.";
    public const string Usage = """
        Usage: Serverless.Bench storage [--megabytes N] [--runs N] [--block-mib N] [--concurrency N] [--initial-mib N]
          --megabytes N    size of the generated file of sbtest-like rows (default 400)
          --runs N         timed runs of every step; the best of each is reported (default 1)
          --block-mib N    upload block size, StorageTransferOptions.MaximumTransferSize (default: the store's)
          --concurrency N  blocks in flight, StorageTransferOptions.MaximumConcurrency (default: the store's)
          --initial-mib N  single-upload threshold, StorageTransferOptions.InitialTransferSize (default: the store's)
        Steps, all on the same file (in the page cache): cp to a new file; gzip -1 -c to a file; artifact
        write to Azurite with the default compression, then read back to /dev/null verifying; the same with
        AES-256-GCM encryption. Azurite runs on this machine from node_modules, and its CPU time is shown.
        """;

    private const double BytesPerMegabyte = 1_000_000;
    private const string ContainerName = "backups";
    private const int FileBufferBytes = 1 << 20;

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var megabytes = arguments.GetInt32("megabytes", 400, minimum: 1);
        var runs = arguments.GetInt32("runs", 1, minimum: 1);
        var defaults = ArtifactStoreOptions.DefaultUploadTransfer;
        const long Mebibyte = 1024 * 1024;
        var transfer = new StorageTransferOptions
        {
            MaximumTransferSize = arguments.GetInt32("block-mib", (int)(defaults.MaximumTransferSize!.Value / Mebibyte), minimum: 1) * Mebibyte,
            MaximumConcurrency = arguments.GetInt32("concurrency", defaults.MaximumConcurrency!.Value, minimum: 1),
            InitialTransferSize = arguments.GetInt32("initial-mib", (int)(defaults.InitialTransferSize!.Value / Mebibyte), minimum: 1) * Mebibyte,
        };
        arguments.EnsureAllRead();

        var directory = Path.Combine(Path.GetTempPath(), $"serverless-bench-storage-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "sbtest1.tsv");
            Print($"Generating {megabytes} MB of sbtest-like rows in {file}...");
            var original = await SbtestRowStream.WriteFileAsync(file, megabytes * (long)BytesPerMegabyte, cancellationToken);

            Print("Starting Azurite...");
            await using var azurite = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "bench-storage" }, cancellationToken);
            var container = BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = azurite.ConnectionString }).GetBlobContainerClient(ContainerName);
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var keys = new StaticArtifactKeyProvider(new Dictionary<string, byte[]> { ["bench"] = RandomNumberGenerator.GetBytes(32) }, "bench");
            Print($"Uploads: blocks of {transfer.MaximumTransferSize / Mebibyte} MiB, {transfer.MaximumConcurrency} in flight, one Put Blob up to {transfer.InitialTransferSize / Mebibyte} MiB.");
            var plain = new ArtifactStore(container, new ArtifactStoreOptions { UploadTransfer = transfer });
            var encrypted = new ArtifactStore(container, new ArtifactStoreOptions { KeyProvider = keys, UploadTransfer = transfer });
            var compression = plain.Options.Compression.ToString().ToLowerInvariant();

            // Untimed: JIT-compiles the write and read paths and warms Azurite up.
            Print("Warm-up: a 16 MB artifact written and read, plain and encrypted...");
            foreach (var store in new[] { plain, encrypted })
            {
                await using var warmUp = new SbtestRowStream(16_000_000);
                await WriteAndReadAsync(store, "warm-up", warmUp, cancellationToken);
            }

            var best = new Dictionary<string, StorageStepResult>();
            for (var run = 1; run <= runs; run++)
            {
                Print($"run {run}/{runs}...");
                Keep(best, await CopyAsync(file, directory, cancellationToken));
                Keep(best, await GzipAsync(file, directory, cancellationToken));
                foreach (var (store, label) in new[] { (plain, compression), (encrypted, compression + " + AES-256-GCM") })
                {
                    var (write, read) = await TimeArtifactAsync(store, label, file, azurite.ProcessId, cancellationToken);
                    Keep(best, write);
                    Keep(best, read);
                }
            }

            PrintTable(best.Values.ToList(), original, runs);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<StorageStepResult> CopyAsync(string file, string directory, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(directory, "copy.tsv");
        var cpuBefore = CpuTime.OfFinishedChildren();
        var result = await ToolProcess.RunAsync(new ToolInvocation("cp", [file, copy]), cancellationToken);
        var cpu = CpuTime.OfFinishedChildren() - cpuBefore;
        File.Delete(copy);
        return new StorageStepResult("cp", result.Elapsed, cpu, TimeSpan.Zero, null, null, null);
    }

    private static async Task<StorageStepResult> GzipAsync(string file, string directory, CancellationToken cancellationToken)
    {
        var compressed = Path.Combine(directory, "sbtest1.tsv.gz");

        // `gzip -1 -c file > out.gz`; the paths travel as positional parameters, never re-parsed by the shell.
        var invocation = new ToolInvocation("/bin/sh", ["-c", "exec gzip -1 -c \"$0\" > \"$1\"", file, compressed]);
        var cpuBefore = CpuTime.OfFinishedChildren();
        var result = await ToolProcess.RunAsync(invocation, cancellationToken);
        var cpu = CpuTime.OfFinishedChildren() - cpuBefore;
        var stored = new FileInfo(compressed).Length;
        File.Delete(compressed);
        return new StorageStepResult("gzip -1", result.Elapsed, cpu, TimeSpan.Zero, stored, null, null);
    }

    private static async Task<(StorageStepResult Write, StorageStepResult Read)> TimeArtifactAsync(
        ArtifactStore store, string label, string file, int azuritePid, CancellationToken cancellationToken)
    {
        var setId = $"bench-{Guid.NewGuid():N}";
        ArtifactDescriptor artifact;
        StorageStepResult write;
        await using (var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var probe = StepProbe.Start(azuritePid);
            artifact = await store.WriteAsync(setId, "sbtest1.tsv", source, cancellationToken);
            write = Result($"artifact write ({label})", probe.Finish(), artifact.StoredBytes);
        }

        await using (var sink = new FileStream("/dev/null", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, FileBufferBytes, FileOptions.Asynchronous))
        {
            var probe = StepProbe.Start(azuritePid);
            await using (var content = await store.OpenReadAsync(setId, artifact, cancellationToken))
            {
                await content.CopyToAsync(sink, FileBufferBytes, cancellationToken);
            }

            var read = Result($"artifact read ({label}, verified)", probe.Finish(), artifact.StoredBytes);
            await store.Container.GetBlobClient(artifact.BlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return (write, read);
        }
    }

    private static StorageStepResult Result(string step, StepMeasurement measured, long storedBytes) =>
        new(step, measured.Elapsed, measured.OwnCpu, measured.WatchedCpu[0], storedBytes, measured.PeakWorkingSet, measured.Allocated);

    private static async Task WriteAndReadAsync(ArtifactStore store, string setId, Stream source, CancellationToken cancellationToken)
    {
        var artifact = await store.WriteAsync(setId, "warm-up.tsv", source, cancellationToken);
        await using (var content = await store.OpenReadAsync(setId, artifact, cancellationToken))
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
        }

        await store.Container.GetBlobClient(artifact.BlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private static void Keep(Dictionary<string, StorageStepResult> best, StorageStepResult result)
    {
        if (!best.TryGetValue(result.Step, out var previous) || result.Elapsed < previous.Elapsed)
        {
            best[result.Step] = result;
        }
    }

    private static void PrintTable(List<StorageStepResult> steps, long original, int runs)
    {
        var cp = steps.Single(s => s.Step == "cp");
        var gzip = steps.Single(s => s.Step == "gzip -1");
        Print(string.Empty);
        Print($"{Name}: {Megabytes(original):N1} MB file of sbtest-like rows, {Environment.ProcessorCount} cores, best of {runs} run(s); "
            + "MB/s are of the original bytes; 'vs' columns are speed relative to cp and to gzip -1");
        Print($"| {"step",-48} | {"seconds",7} | {"MB/s",7} | {"vs cp",6} | {"vs gzip -1",10} | {"stored %",8} | {"own CPU s",9} | {"Azurite CPU s",13} | {"peak WS MB",10} | {"allocated MB",12} |");
        Print($"|{new string('-', 50)}|{new string('-', 8)}:|{new string('-', 8)}:|{new string('-', 7)}:|{new string('-', 11)}:|{new string('-', 9)}:|{new string('-', 10)}:|{new string('-', 14)}:|{new string('-', 11)}:|{new string('-', 13)}:|");
        foreach (var step in steps)
        {
            var stored = step.StoredBytes is { } bytes ? $"{100.0 * bytes / original:N1}" : "-";
            var peak = step.PeakWorkingSet is { } ws ? $"{Megabytes(ws):N0}" : "-";
            var allocated = step.Allocated is { } bytesAllocated ? $"{Megabytes(bytesAllocated):N1}" : "-";
            var azurite = step.AzuriteCpu > TimeSpan.Zero ? $"{step.AzuriteCpu.TotalSeconds:N2}" : "-";
            Print($"| {step.Step,-48} | {step.Elapsed.TotalSeconds,7:N2} | {Rate(original, step.Elapsed),7:N1} | {cp.Elapsed / step.Elapsed,6:N2} | {gzip.Elapsed / step.Elapsed,10:N2} | {stored,8} | {step.OwnCpu.TotalSeconds,9:N2} | {azurite,13} | {peak,10} | {allocated,12} |");
        }
    }

    private static double Rate(long bytes, TimeSpan elapsed) => bytes / BytesPerMegabyte / elapsed.TotalSeconds;

    private static double Megabytes(long bytes) => bytes / BytesPerMegabyte;

    private static void Print(string line) => Console.WriteLine(line);
}
