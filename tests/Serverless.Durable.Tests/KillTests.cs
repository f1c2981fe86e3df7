using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Durable.TestWorker;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Durable.Tests;

/// <summary>
/// A worker process SIGKILLed in the middle of an orchestration: a new worker with the same id takes over, the step in
/// flight runs again, and every step ends done exactly once in effect, in order.
/// </summary>
public sealed class KillTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task KilledWorker_IsReplacedByOneWithTheSameId_AndEveryStepEndsDoneOnce_InOrder()
    {
        const int Steps = 8;
        var journal = Path.Combine(Path.GetTempPath(), $"serverless-durable-kill-{Guid.NewGuid():N}.txt");
        using var clientHost = DurableRuntimeFixture.CreateHost(azurite.ConnectionString, "killtests");
        var client = clientHost.Services.GetRequiredService<DurableTaskClient>();
        try
        {
            var worker = await TestWorkerProcess.StartAsync(azurite.ConnectionString, "killtests");
            var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(JournalOrchestrator), new JournalInput(journal, Steps, 400));

            // Kill somewhere inside step 3 or 4: after its "run" line, at a random point of its 400 ms.
            var killStep = Random.Shared.Next(3, 5);
            await WaitForLineAsync(journal, $"run {killStep}");
            await Task.Delay(Random.Shared.Next(0, 400));
            await worker.KillAsync();
            var linesAtKill = File.ReadAllLines(journal).Length;
            var restart = Stopwatch.StartNew();
            await using (worker = await TestWorkerProcess.StartAsync(azurite.ConnectionString, "killtests"))
            {
                var startup = restart.Elapsed;
                await WaitForAsync(() => File.ReadAllLines(journal).Length > linesAtKill);
                output.WriteLine($"killed in step {killStep}; new worker ready after {startup.TotalSeconds:F1} s, work resumed after {restart.Elapsed.TotalSeconds:F1} s");

                var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline(120));

                Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
                Assert.Equal(Steps, done.ReadOutputAs<int>());
            }

            var lines = File.ReadAllLines(journal);
            output.WriteLine(string.Join(" | ", lines));
            Assert.Equal(Enumerable.Range(1, Steps).Select(step => $"done {step}"), lines.Where(line => line.StartsWith("done", StringComparison.Ordinal)));
            Assert.All(Enumerable.Range(1, Steps), step => Assert.InRange(lines.Count(line => line == $"run {step}"), 1, 2));
        }
        finally
        {
            File.Delete(journal);
        }
    }

    private static Task WaitForLineAsync(string path, string line) =>
        WaitForAsync(() => File.Exists(path) && File.ReadAllLines(path).Contains(line));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DurableRuntimeFixture.Deadline(90);
        while (!condition())
        {
            await Task.Delay(20, deadline);
        }
    }
}
