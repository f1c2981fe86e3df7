using System.Text.Json.Serialization;

namespace Serverless.Api.Wire;

/// <summary>
/// One run of a schedule: <c>state</c> PENDING, STARTED, SKIPPED or FAILED; <c>backup_id</c> and its current
/// <c>backup_status</c> (null once the backup is gone); <c>reason</c> why it was skipped or failed; <c>missed_runs</c>
/// the earlier runs it stands for; <c>pruned</c> when retention deleted its backup. Nullable fields are always sent.
/// </summary>
internal sealed record ScheduleExecutionWire(
    string Id,
    string ScheduleId,
    string InstanceId,
    string Due,
    string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? BackupId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? BackupStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    int MissedRuns,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Pruned);

internal sealed record ScheduleExecutionListEnvelope(IReadOnlyList<ScheduleExecutionWire> Executions);
