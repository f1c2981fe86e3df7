using System.Globalization;

namespace Serverless.Durable.CrashHost;

/// <summary>
/// The orchestration the crash tests kill: <see cref="StepCount"/> sequential steps, each a short piece of work that
/// appends "{instance} step {n} computed" to an append-only log once it has computed its result.
/// </summary>
public static class CrashWorkload
{
    public const string OrchestratorName = "TwentySteps";
    public const string StepActivityName = "Step";
    public const int StepCount = 20;

        /// <summary>Gets the expected output: the sum of n² for every step.</summary>
    public static long ExpectedOutput => Enumerable.Range(1, StepCount).Sum(n => (long)n * n);

    public static DurableTaskRegistry CreateRegistry(string logPath) => new DurableTaskRegistry()
        .AddActivity<int, long>(StepActivityName, async (context, step, cancellationToken) =>
        {
            // 50–150 ms of "work", different per step.
            await Task.Delay(50 + (step * 37 % 100), cancellationToken);
            File.AppendAllText(logPath, string.Create(CultureInfo.InvariantCulture, $"{context.InstanceId} step {step} computed{Environment.NewLine}"));

            // Wrap-up after the computation: widens the window in which a kill loses a computed, unrecorded result.
            await Task.Delay(40, cancellationToken);
            return (long)step * step;
        })
        .AddOrchestrator<int, long>(OrchestratorName, async (context, steps) =>
        {
            long total = 0;
            for (var step = 1; step <= steps; step++)
            {
                total += await context.CallActivityAsync<long>(StepActivityName, step);
            }

            return total;
        });
}
