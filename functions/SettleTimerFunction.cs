using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Instances;

namespace Serverless.Functions;

/// <summary>
/// The Azure home's settling of half-started operations (an instance left busy by a worker that stopped between
/// changing its status and scheduling its orchestration): every five minutes the timer runs
/// <see cref="HalfStartedOperations"/>, the code the local host runs at its start. The local host can take its own
/// start as the limit (nothing older is in flight); here requests run all the time, so only instances unchanged for
/// <see cref="MinimumAge"/> are considered: far longer than an HTTP request may run (the Functions front end ends a
/// request after 230 s), so an operation whose request is still scheduling it is never settled.
/// </summary>
internal sealed partial class SettleTimerFunction(HalfStartedOperations operations, FunctionsDurableClient durable, TimeProvider time, ILogger<SettleTimerFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "Timer_SettleHalfStartedOperations";

    /// <summary>Every five minutes, at second 0 (the Functions timer's six-field NCrontab form).</summary>
    public const string EveryFiveMinutes = "0 */5 * * * *";

    /// <summary>How long an instance must have been unchanged before its half-started operation is settled.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(10);

    [Function(Name)]
    public async Task Run([TimerTrigger(EveryFiveMinutes)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        durable.Bind(client);
        var settled = await operations.SettleAsync(time.GetUtcNow() - MinimumAge, cancellationToken);
        foreach (var line in settled)
        {
            LogSettled(logger, line);
        }

        LogEvaluated(logger, settled.Count, timer.IsPastDue);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settled a half-started operation: {Settled}")]
    private static partial void LogSettled(ILogger logger, string settled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Half-started operations settled: {Count} (timer past due: {PastDue}).")]
    private static partial void LogEvaluated(ILogger logger, int count, bool pastDue);
}
