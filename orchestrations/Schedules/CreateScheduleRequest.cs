namespace Serverless.Orchestrations.Schedules;

/// <summary>What a client asks for when it creates a backup schedule for an instance.</summary>
/// <param name="Name">The schedule name: 1-200 printable characters.</param>
/// <param name="InstanceId">The instance to back up.</param>
/// <param name="Pattern">The cron pattern, five fields or six with seconds (see <see cref="CronPattern"/>), in UTC.</param>
/// <param name="Description">A free-text description, at most 512 characters; null for none.</param>
/// <param name="Incremental">Whether each run takes an incremental backup rather than a full one.</param>
/// <param name="KeepCount">Keep the newest this many completed backups of the schedule (1-1000); null for no count limit.</param>
/// <param name="KeepDays">Keep the schedule's backups of the last this many days (1-3650); null for no age limit.</param>
public sealed record CreateScheduleRequest(
    string Name, string InstanceId, string Pattern, string? Description, bool Incremental, int? KeepCount, int? KeepDays)
{
    /// <summary>Gets the id to give the schedule (letters, digits, <c>-</c>, <c>_</c>); a fresh GUID when null.</summary>
    public string? ScheduleId { get; init; }
}
