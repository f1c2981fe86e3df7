using System.Runtime.InteropServices;
using Serverless.Bench;
using Serverless.Bench.Artifacts;
using Serverless.Bench.Backup;
using Serverless.Bench.Binlog;
using Serverless.Bench.Chains;
using Serverless.Bench.Durable;
using Serverless.Bench.Killed;
using Serverless.Bench.Replication;

// One subcommand per benchmark. A benchmark reads its own options from BenchArguments and
// returns the process exit code; add new ones to this table.
BenchCommand[] commands =
[
    new(CompressionStudy.Name, CompressionStudy.Summary, CompressionStudy.Usage, CompressionStudy.RunAsync),
    new(StorageBenchmark.Name, StorageBenchmark.Summary, StorageBenchmark.Usage, StorageBenchmark.RunAsync),
    new(DurableBenchmark.Name, DurableBenchmark.Summary, DurableBenchmark.Usage, DurableBenchmark.RunAsync),
    new(BackupBenchmark.Name, BackupBenchmark.Summary, BackupBenchmark.Usage, BackupBenchmark.RunAsync),
    new(BinlogBenchmark.Name, BinlogBenchmark.Summary, BinlogBenchmark.Usage, BinlogBenchmark.RunAsync),
    new(IncrementalBenchmark.Name, IncrementalBenchmark.Summary, IncrementalBenchmark.Usage, IncrementalBenchmark.RunAsync),
    new(ReplicaBenchmark.Name, ReplicaBenchmark.Summary, ReplicaBenchmark.Usage, ReplicaBenchmark.RunAsync),
    new(KilledBenchmark.Name, KilledBenchmark.Summary, KilledBenchmark.Usage, KilledBenchmark.RunAsync),
];

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    PrintCommands(args.Length == 0 ? Console.Error : Console.Out);
    return args.Length == 0 ? 2 : 0;
}

var command = Array.Find(commands, c => c.Name == args[0]);
if (command is null)
{
    Console.Error.WriteLine($"There is no benchmark named '{args[0]}'.");
    PrintCommands(Console.Error);
    return 2;
}

// Ctrl+C and SIGTERM cancel the run, so the benchmark can stop its servers and child processes.
using var cancellation = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

try
{
    var arguments = BenchArguments.Parse(args[1..]);
    if (arguments.HelpRequested)
    {
        Console.WriteLine(command.Usage);
        return 0;
    }

    return await command.RunAsync(arguments, cancellation.Token);
}
catch (BenchUsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(command.Usage);
    return 2;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine($"{command.Name}: cancelled.");
    return 130;
}
catch (ToolFailedException ex)
{
    Console.Error.WriteLine($"{command.Name}: {ex.Message}");
    return 1;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}

void PrintCommands(TextWriter writer)
{
    writer.WriteLine("Usage: Serverless.Bench <benchmark> [options]   (--help after a benchmark lists its options)");
    writer.WriteLine();
    foreach (var c in commands)
    {
        writer.WriteLine($"  {c.Name,-14} {c.Summary}");
    }
}
