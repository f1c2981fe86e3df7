using Serverless.Storage.Documents;

namespace Serverless.Durable.Tests;

/// <summary>A started engine over a store, with short intervals for tests.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private EngineHarness(DurableEngine engine) => Engine = engine;

    public DurableEngine Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    public static async Task<EngineHarness> StartAsync(Action<DurableTaskRegistry> configure, IDocumentStore? store = null, DurableEngineOptions? options = null)
    {
        var registry = new DurableTaskRegistry(TestJsonContext.Default);
        configure(registry);
        var engine = new DurableEngine(store ?? new InMemoryDocumentStore(), registry, options ?? new DurableEngineOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            LeaseDuration = TimeSpan.FromSeconds(5),
        });
        await engine.StartAsync(CancellationToken.None);
        return new EngineHarness(engine);
    }

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input = null, string? instanceId = null, int timeoutSeconds = 30)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id, timeoutSeconds);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status, int timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (metadata?.RuntimeStatus == status)
            {
                return metadata;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance {instanceId} did not reach {status}; it is {metadata?.RuntimeStatus}.");
            }

            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
