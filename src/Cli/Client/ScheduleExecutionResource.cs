namespace Serverless.Cli.Client;

/// <summary>One run of a backup schedule (docs/schedules.md); unknown fields are ignored.</summary>
internal sealed record ScheduleExecutionResource(
    string Id,
    string? ScheduleId,
    string? Due,
    string State,
    string? BackupId,
    string? BackupStatus,
    string? Reason,
    int MissedRuns,
    string? Pruned);

internal sealed record ScheduleExecutionListEnvelope(IReadOnlyList<ScheduleExecutionResource> Executions);
