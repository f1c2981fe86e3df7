namespace Serverless.Orchestrations.Schedules;

/// <summary>A backup schedule of an instance as clients see it; also the catalog's record of it.</summary>
/// <param name="Id">The schedule id (a GUID).</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="InstanceId">The instance it backs up.</param>
/// <param name="Name">The schedule name; each backup is named after it and its run time.</param>
/// <param name="Description">A free-text description, given to each backup; null for none.</param>
/// <param name="Pattern">The cron pattern (see <see cref="CronPattern"/>), in UTC.</param>
/// <param name="Incremental">Whether each run takes an incremental backup on the instance's latest completed backup.</param>
/// <param name="KeepCount">Retention: keep this many of the schedule's newest completed backups; null for no count limit.</param>
/// <param name="KeepDays">Retention: keep the schedule's backups taken in the last this many days; null for no age limit.</param>
/// <param name="NextRun">The next run that has not been handled yet.</param>
/// <param name="Created">When the schedule was created.</param>
/// <param name="Updated">When the schedule last changed (a run was handled).</param>
public sealed record ScheduleView(
    string Id,
    string ProjectId,
    string InstanceId,
    string Name,
    string? Description,
    string Pattern,
    bool Incremental,
    int? KeepCount,
    int? KeepDays,
    DateTimeOffset NextRun,
    DateTimeOffset Created,
    DateTimeOffset Updated);
