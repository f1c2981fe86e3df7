namespace Serverless.Bench;

/// <summary>One benchmark the program can run, chosen by its first argument.</summary>
/// <param name="Name">The subcommand, e.g. <c>mysql-stream</c>.</param>
/// <param name="Summary">One line for the list of benchmarks.</param>
/// <param name="Usage">The benchmark's options, printed for <c>--help</c> and after a usage error.</param>
/// <param name="RunAsync">Runs the benchmark and returns the process exit code.</param>
internal sealed record BenchCommand(
    string Name,
    string Summary,
    string Usage,
    Func<BenchArguments, CancellationToken, Task<int>> RunAsync);
