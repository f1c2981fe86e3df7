using Serverless.Orchestrations.Schedules;

namespace Serverless.LocalHost.Schedules;

/// <summary>
/// The local host's stand-in for the Functions timer: runs <see cref="ScheduleEvaluator"/> at the start of every
/// minute (UTC), as <c>functions/ScheduleTimerFunction</c> does in Azure. The first pass runs at start, so runs that
/// fell due while the host was down are handled at once (the latest of them, once).
/// </summary>
internal sealed partial class ScheduleTimer(ScheduleEvaluator evaluator, TimeProvider time, ILogger<ScheduleTimer> logger) : BackgroundService
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the host goes on starting (Kestrel) while the first pass runs.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var outcome = await evaluator.EvaluateAsync(stoppingToken);
                if (outcome.Started + outcome.Skipped + outcome.Failed + outcome.Pruned > 0)
                {
                    LogEvaluated(logger, outcome.Schedules, outcome.Started, outcome.Skipped, outcome.Failed, outcome.Pruned);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The catalog may be unreachable for a moment; the next minute tries again.
                LogFailed(logger, ex);
            }

            var now = time.GetUtcNow();
            var nextMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero) + Minute;
            try
            {
                await Task.Delay(nextMinute - now, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluated {Schedules} schedules: {Started} backups started, {Skipped} skipped, {Failed} failed, {Pruned} pruned.")]
    private static partial void LogEvaluated(ILogger logger, int schedules, int started, int skipped, int failed, int pruned);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluating the backup schedules failed; the next minute tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
