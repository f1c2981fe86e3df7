using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Durable.Tests;

public sealed class HistoryLimitTests
{
    [Fact]
    public async Task HistoryOverTheDocumentLimit_FailsTheInstance_WithAClearError()
    {
        await using var h = await EngineHarness.StartAsync(
            r => r
                .AddActivity<int, string>("Chatty", (_, i, _) => Task.FromResult(new string('z', 500) + i))
                .AddOrchestrator<int, int>("Endless", async (ctx, n) =>
                {
                    for (var i = 0; i < n; i++)
                    {
                        await ctx.CallActivityAsync<string>("Chatty", i);
                    }

                    return n;
                }),
            new InMemoryDocumentStore(),
            new DurableEngineOptions { PollInterval = TimeSpan.FromMilliseconds(50), MaxHistoryBytes = 16 * 1024 });

        var result = await h.RunAsync("Endless", 100);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.True(result.FailureDetails!.IsCausedBy<PayloadTooLargeException>());
        Assert.Contains("state of orchestration", result.FailureDetails.ErrorMessage);
        Assert.Contains("artifacts", result.FailureDetails.ErrorMessage);
    }
}
