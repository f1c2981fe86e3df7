using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Durable;
using Serverless.Platforms.Local;

namespace Serverless.Bench.Durable;

/// <summary>
/// The local durable runtime (Durable Task Framework TaskHubWorker + Azure Storage provider) on Azurite: the cost of
/// one durable activity step (schedule, queue, run, record, replay) on one long sequential orchestration, and the
/// throughput of many short orchestrations; against a baseline of the same work as plain async calls (the same
/// payload serialization, no durability) in the same run.
/// </summary>
internal static class DurableBenchmark
{
    public const string Name = "durable";
    public const string Summary = "Local durable runtime (DTFx + Azure Storage on Azurite): ms per activity step and orchestrations/s, against plain async calls.";
    public const string Usage = """
        Usage: Serverless.Bench durable [--orchestrations N] [--steps N] [--sequential N] [--extended-sessions 1|0]
          --orchestrations N        orchestrations started at once for the throughput run (default 200)
          --steps N                 no-op activities per orchestration in the throughput run (default 5)
          --sequential N            activities of the single sequential orchestration timed per step (default 100)
          --extended-sessions 1|0   keep orchestrations in memory between episodes (default 1, as the local host)
        Azurite runs on this machine from node_modules; worker and client in this process.
        """;

    private const string Activity = "Noop";
    private const string Orchestrator = "NoopSteps";

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var orchestrations = arguments.GetInt32("orchestrations", 200, minimum: 1);
        var steps = arguments.GetInt32("steps", 5, minimum: 1);
        var sequential = arguments.GetInt32("sequential", 100, minimum: 1);
        var extendedSessions = arguments.GetInt32("extended-sessions", 1, minimum: 0) != 0;
        arguments.EnsureAllRead();

        Print("Starting Azurite...");
        await using var azurite = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "bench-durable" }, cancellationToken);
        var converter = new SourceGeneratedDataConverter(SourceGeneratedDataConverter.CreateOptions(new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddLocalDurableRuntime(
            new DurableRuntimeOptions { StorageConnectionString = azurite.ConnectionString, TaskHubName = "bench", ExtendedSessions = extendedSessions },
            converter,
            registry => registry
                .AddActivityFunc<int, int>(Activity, static (_, x) => x + 1)
                .AddOrchestratorFunc<int, int>(Orchestrator, static async (context, count) =>
                {
                    var last = 0;
                    for (var i = 0; i < count; i++)
                    {
                        last = await context.CallActivityAsync<int>(Activity, last);
                    }

                    return last;
                }));
        using var host = builder.Build();
        var started = Stopwatch.StartNew();
        await host.StartAsync(cancellationToken);
        var startup = started.Elapsed;
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        Print("Warm-up: one 10-step orchestration...");
        await RunOneAsync(client, 10, cancellationToken);

        Print($"Per step: one orchestration of {sequential} sequential no-op activities, then the same as plain async calls...");
        var durableSequential = await RunOneAsync(client, sequential, cancellationToken);
        var plainSequential = await PlainAsync(converter, 1, sequential);

        Print($"Throughput: {orchestrations} orchestrations of {steps} no-op activities started at once, then the same as plain async calls...");
        var prefix = $"tp-{Guid.NewGuid():N}-";
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, orchestrations).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, steps, new StartOrchestrationOptions($"{prefix}{i}"), cancellationToken)));
        var scheduled = watch.Elapsed;

        // One instance-table query per 250 ms rather than one poller per instance, which would load Azurite itself.
        var open = new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], InstanceIdPrefix: prefix, PageSize: 1000);
        while (await CountAsync(client, open, cancellationToken) > 0)
        {
            await Task.Delay(250, cancellationToken);
        }

        var durableTotal = watch.Elapsed;
        var completed = await CountAsync(client, new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix: prefix, PageSize: 1000), cancellationToken);
        if (completed != orchestrations)
        {
            throw new ToolFailedException($"{orchestrations - completed} orchestration(s) did not complete");
        }

        var plainTotal = await PlainAsync(converter, orchestrations, steps);
        await host.StopAsync(CancellationToken.None);

        var durableStep = durableSequential.TotalMilliseconds / sequential;
        var plainStep = plainSequential.TotalMilliseconds / sequential;
        Print("");
        Print($"extended sessions: {extendedSessions}; worker start {startup.TotalSeconds:F2} s; scheduling {orchestrations} instances {scheduled.TotalSeconds:F2} s");
        Print($"| {"measure",-36} | {"durable",10} | {"plain async",11} | {"ratio",8} |");
        Print($"|{new string('-', 38)}|{new string('-', 12)}|{new string('-', 13)}|{new string('-', 10)}|");
        Print($"| {"ms per activity step",-36} | {durableStep,10:F2} | {plainStep,11:F4} | {durableStep / plainStep,7:F0}x |");
        Print($"| {$"orchestrations/s ({steps} steps each)",-36} | {orchestrations / durableTotal.TotalSeconds,10:F1} | {orchestrations / plainTotal.TotalSeconds,11:F0} | {plainTotal / durableTotal,8:F5} |");
        Print($"| {"activity steps/s",-36} | {orchestrations * (double)steps / durableTotal.TotalSeconds,10:F1} | {orchestrations * (double)steps / plainTotal.TotalSeconds,11:F0} | {plainTotal / durableTotal,8:F5} |");
        return 0;
    }

    private static async Task<TimeSpan> RunOneAsync(DurableTaskClient client, int steps, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, steps, cancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken);
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? watch.Elapsed : throw new ToolFailedException($"orchestration {id} ended {done.RuntimeStatus}");
    }

    private static async Task<int> CountAsync(DurableTaskClient client, OrchestrationQuery query, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>The same steps as plain async calls: each input and output goes through the same converter, nothing is stored.</summary>
    private static async Task<TimeSpan> PlainAsync(DataConverter converter, int orchestrations, int steps)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, orchestrations).Select(async _ =>
        {
            var last = 0;
            for (var i = 0; i < steps; i++)
            {
                var input = converter.Deserialize<int>(converter.Serialize(last));
                last = await Task.Run(() => converter.Deserialize<int>(converter.Serialize(input + 1)));
            }
        }));
        return watch.Elapsed;
    }

    private static void Print(string line) => Console.WriteLine(line);
}
