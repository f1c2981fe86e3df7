using System.Text.Json.Serialization;

namespace Serverless.Api.Wire;

/// <summary>
/// A backup schedule (our extension of the Trove API, in its style): <c>pattern</c> is the cron pattern (UTC),
/// <c>keep_count</c>/<c>keep_days</c> the retention (null for no limit), <c>next_run</c> the next run not yet handled.
/// <c>description</c>, <c>keep_count</c> and <c>keep_days</c> are always sent, null when unset.
/// </summary>
internal sealed record ScheduleWire(
    string Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    string InstanceId,
    string Pattern,
    bool Incremental,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? KeepCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? KeepDays,
    string NextRun,
    string Created,
    string Updated,
    string ProjectId);

internal sealed record ScheduleEnvelope(ScheduleWire Schedule);

internal sealed record ScheduleListEnvelope(IReadOnlyList<ScheduleWire> Schedules);
