namespace Serverless.Cli.Client;

/// <summary>A backup schedule of our API (docs/schedules.md); unknown fields are ignored.</summary>
internal sealed record ScheduleResource(
    string Id,
    string Name,
    string? Description,
    string? InstanceId,
    string Pattern,
    bool Incremental,
    int? KeepCount,
    int? KeepDays,
    string? NextRun,
    string? Created,
    string? Updated,
    string? ProjectId);

internal sealed record ScheduleEnvelope(ScheduleResource Schedule);

internal sealed record ScheduleListEnvelope(IReadOnlyList<ScheduleResource> Schedules);
