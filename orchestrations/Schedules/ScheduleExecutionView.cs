namespace Serverless.Orchestrations.Schedules;

/// <summary>One run of a schedule: when it was due, what it started, and what became of it; also its catalog record.</summary>
/// <param name="Id">The execution id, derived from the schedule id and <paramref name="Due"/> (every host derives the same).</param>
/// <param name="ScheduleId">The schedule.</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="InstanceId">The instance the run backs up.</param>
/// <param name="Due">The run time the pattern gave.</param>
/// <param name="Claimed">When an evaluator took the run on (the latest one, if a stalled claim was taken over).</param>
/// <param name="State">One of <see cref="ScheduleExecutionState"/>.</param>
/// <param name="BackupId">The backup the run started; null unless <see cref="ScheduleExecutionState.Started"/>.</param>
/// <param name="Reason">Why the run was skipped or failed; null otherwise. Never holds a secret.</param>
/// <param name="MissedRuns">Earlier runs that fell due while no evaluator ran and that this run stands for.</param>
/// <param name="Pruned">When retention deleted the run's backup; null while it is kept.</param>
/// <param name="BackupStatus">The backup's current status when read through the service (null when it is gone); not stored.</param>
public sealed record ScheduleExecutionView(
    string Id,
    string ScheduleId,
    string ProjectId,
    string InstanceId,
    DateTimeOffset Due,
    DateTimeOffset Claimed,
    string State,
    string? BackupId,
    string? Reason,
    int MissedRuns,
    DateTimeOffset? Pruned,
    string? BackupStatus = null);
