using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations.Schedules;

/// <summary>The log messages of the schedule evaluator and retention.</summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} run due {Due:O} started backup {BackupId} ({Missed} earlier missed runs folded into it).")]
    public static partial void RunStarted(ILogger logger, string scheduleId, DateTimeOffset due, string backupId, int missed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} run due {Due:O} was {State}: {Reason}")]
    public static partial void RunNotStarted(ILogger logger, string scheduleId, DateTimeOffset due, string state, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {ScheduleId} of project {ProjectId} could not be evaluated; the next pass tries again.")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception, string scheduleId, string projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of schedule {ScheduleId} deleted backup {BackupId}.")]
    public static partial void Pruned(ILogger logger, string scheduleId, string backupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention of schedule {ScheduleId} left backup {BackupId}: {Reason}")]
    public static partial void PruneRefused(ILogger logger, string scheduleId, string backupId, string reason);
}
