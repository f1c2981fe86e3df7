using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Schedules;

namespace Serverless.Functions;

/// <summary>
/// The Azure home's scheduled backups: once a minute the timer runs <see cref="ScheduleEvaluator"/>, which starts the
/// backups that fell due and applies retention. The local host runs the same evaluator on its own timer. Should the
/// timer fire twice, or two instances of the app run it at once, each run still starts one backup (the evaluator
/// claims runs in the catalog).
/// </summary>
internal sealed partial class ScheduleTimerFunction(ScheduleEvaluator evaluator, FunctionsDurableClient durable, ILogger<ScheduleTimerFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "Timer_ScheduledBackups";

    /// <summary>Every minute, at second 0 (the Functions timer's six-field NCrontab form).</summary>
    public const string EveryMinute = "0 * * * * *";

    [Function(Name)]
    public async Task Run([TimerTrigger(EveryMinute)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        durable.Bind(client);
        var outcome = await evaluator.EvaluateAsync(cancellationToken);
        LogEvaluated(logger, outcome.Schedules, outcome.Started, outcome.Skipped, outcome.Failed, outcome.Pruned, timer.IsPastDue);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluated {Schedules} schedules: {Started} backups started, {Skipped} skipped, {Failed} failed, {Pruned} pruned (timer past due: {PastDue}).")]
    private static partial void LogEvaluated(ILogger logger, int schedules, int started, int skipped, int failed, int pruned, bool pastDue);
}
