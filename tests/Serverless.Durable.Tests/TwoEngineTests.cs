using System.Collections.Concurrent;
using System.Globalization;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;

namespace Serverless.Durable.Tests;

/// <summary>Two engines on one store: an instance runs on one engine at a time, and no update is lost.</summary>
public sealed class TwoEngineTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private const int Instances = 20;
    private const int Steps = 10;

    [Fact]
    public async Task TwoEnginesOnAzurite_NeverRunOneInstanceConcurrently_AndLoseNoUpdate()
        => await RunAsync(await AzuriteStores.CreateAsync(fixture, "two-engines"));

    [Fact]
    public async Task TwoEnginesInMemory_NeverRunOneInstanceConcurrently_AndLoseNoUpdate()
        => await RunAsync(new InMemoryDocumentStore());

    private static async Task RunAsync(IDocumentStore store)
    {
        var inFlight = new ConcurrentDictionary<string, int>();
        var violations = new ConcurrentQueue<string>();
        var ranOn = new ConcurrentDictionary<string, byte>();

        DurableTaskRegistry Registry(string engineName) => new DurableTaskRegistry()
            .AddActivity<int, int>("Increment", async (context, step, cancellationToken) =>
            {
                ranOn[engineName] = 0;
                if (inFlight.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1) > 1)
                {
                    violations.Enqueue($"{context.InstanceId} step {step} ran concurrently");
                }

                try
                {
                    // Idempotent read-modify-write of a per-instance counter: counter = step.
                    var key = $"counters/{context.InstanceId}";
                    var current = await store.GetAsync(key, CancellationToken.None);
                    var value = current is null ? 0 : int.Parse(current.Value.ToString(), CultureInfo.InvariantCulture);
                    if (value < step - 1)
                    {
                        violations.Enqueue($"{context.InstanceId} step {step} found counter {value}: an update was lost");
                    }

                    await Task.Delay(5, CancellationToken.None);
                    var json = BinaryData.FromString(step.ToString(CultureInfo.InvariantCulture));
                    if (current is null)
                    {
                        await store.CreateAsync(key, json, CancellationToken.None);
                    }
                    else
                    {
                        await store.ReplaceAsync(key, json, current.ETag, CancellationToken.None);
                    }

                    return step;
                }
                finally
                {
                    inFlight.AddOrUpdate(context.InstanceId, 0, (_, n) => n - 1);
                }
            })
            .AddOrchestrator<int, int>("Count", async (context, steps) =>
            {
                var last = 0;
                for (var step = 1; step <= steps; step++)
                {
                    last = await context.CallActivityAsync<int>("Increment", step);
                }

                return last;
            });

        var options = new DurableEngineOptions { PollInterval = TimeSpan.FromMilliseconds(50), LeaseDuration = TimeSpan.FromSeconds(2) };
        await using var a = new DurableEngine(store, Registry("a"), options with { EngineId = "engine-a" });
        await using var b = new DurableEngine(store, Registry("b"), options with { EngineId = "engine-b" });
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);

        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await (i % 2 == 0 ? a : b).Client.ScheduleNewOrchestrationInstanceAsync("Count", Steps, new StartOrchestrationOptions($"count-{i:D2}")));
        }

        // Halfway, engine A stops and releases its leases: B takes its instances over.
        await Task.Delay(300);
        await a.StopAsync(CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var id in ids)
        {
            var done = await b.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(Steps, done.ReadOutputAs<int>());
            var counter = await store.GetAsync($"counters/{id}");
            Assert.Equal(Steps.ToString(CultureInfo.InvariantCulture), counter!.Value.ToString());
        }

        Assert.Empty(violations);
        Assert.Equal(2, ranOn.Count);
    }
}
