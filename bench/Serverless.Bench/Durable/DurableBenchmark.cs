using System.Diagnostics;
using Serverless.Durable;
using Serverless.Platforms.Local;
using Serverless.Storage.Accounts;
using Serverless.Storage.Documents;

namespace Serverless.Bench.Durable;

/// <summary>
/// The embedded durable engine on Azurite: the overhead of one durable activity step (schedule, run, record,
/// replay) measured on one long sequential orchestration, then the throughput of many short orchestrations.
/// </summary>
internal static class DurableBenchmark
{
    public const string Name = "durable";
    public const string Summary = "Embedded durable engine on Azurite: ms per activity step; orchestrations/s of 10-step no-op orchestrations.";
    public const string Usage = """
        Usage: Serverless.Bench durable [--orchestrations N] [--steps N] [--sequential N] [--activities N] [--episodes N]
          --orchestrations N  no-op orchestrations started at once for the throughput run (default 1000)
          --steps N           no-op activities per orchestration in the throughput run (default 10)
          --sequential N      activities of the single sequential orchestration timed for per-step overhead (default 100)
          --activities N      engine activity workers (default 8)
          --episodes N        engine orchestration episode workers (default 4)
        Azurite runs on this machine from node_modules; one engine in this process.
        """;

    private const string NoopActivity = "Noop";
    private const string Orchestrator = "NoopSteps";

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var orchestrations = arguments.GetInt32("orchestrations", 1000, minimum: 1);
        var steps = arguments.GetInt32("steps", 10, minimum: 1);
        var sequential = arguments.GetInt32("sequential", 100, minimum: 1);
        var activityWorkers = arguments.GetInt32("activities", 8, minimum: 1);
        var episodeWorkers = arguments.GetInt32("episodes", 4, minimum: 1);
        arguments.EnsureAllRead();

        Print("Starting Azurite...");
        await using var azurite = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "bench-durable" }, cancellationToken);
        var container = BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = azurite.ConnectionString }).GetBlobContainerClient("durable");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>(NoopActivity, static (_, x, _) => Task.FromResult(x))
            .AddOrchestrator<int, int>(Orchestrator, static async (context, count) =>
            {
                var last = 0;
                for (var i = 0; i < count; i++)
                {
                    last = await context.CallActivityAsync<int>(NoopActivity, i);
                }

                return last;
            });
        await using var engine = new DurableEngine(new BlobDocumentStore(container), registry, new DurableEngineOptions
        {
            MaxConcurrentActivities = activityWorkers,
            MaxConcurrentOrchestrations = episodeWorkers,
            PollInterval = TimeSpan.FromSeconds(5),
        });
        await engine.StartAsync(cancellationToken);
        var client = engine.Client;

        Print("Warm-up: one 10-step orchestration...");
        await RunOneAsync(client, 10, cancellationToken);

        Print($"Per-step overhead: one orchestration of {sequential} sequential no-op activities...");
        var sequentialTime = await RunOneAsync(client, sequential, cancellationToken);

        Print($"Throughput: {orchestrations} orchestrations of {steps} no-op activities, started at once...");
        var watch = Stopwatch.StartNew();
        var ids = new List<string>(orchestrations);
        for (var i = 0; i < orchestrations; i++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, steps, cancellationToken: cancellationToken));
        }

        var scheduled = watch.Elapsed;
        foreach (var id in ids)
        {
            var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: cancellationToken);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new ToolFailedException($"orchestration {id} ended {done.RuntimeStatus}");
            }
        }

        var total = watch.Elapsed;
        Print("");
        Print($"| {"measure",-44} | {"value",10} |");
        Print($"|{new string('-', 46)}|{new string('-', 12)}|");
        Print($"| {"ms per activity step (sequential, " + sequential + " steps)",-44} | {sequentialTime.TotalMilliseconds / sequential,10:F2} |");
        Print($"| {"scheduling " + orchestrations + " instances, s",-44} | {scheduled.TotalSeconds,10:F2} |");
        Print($"| {"completing all, s",-44} | {total.TotalSeconds,10:F2} |");
        Print($"| {"orchestrations per second",-44} | {orchestrations / total.TotalSeconds,10:F1} |");
        Print($"| {"activity steps per second",-44} | {orchestrations * (double)steps / total.TotalSeconds,10:F1} |");
        return 0;
    }

    private static async Task<TimeSpan> RunOneAsync(DurableTaskClient client, int steps, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, steps, cancellationToken: cancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: cancellationToken);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new ToolFailedException($"orchestration {id} ended {done.RuntimeStatus}");
        }

        return watch.Elapsed;
    }

    private static void Print(string line) => Console.WriteLine(line);
}
