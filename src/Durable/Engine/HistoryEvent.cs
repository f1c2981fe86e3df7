namespace Serverless.Durable.Engine;

/// <summary>One entry of an instance's history, or one not-yet-applied message in its inbox (same shape for both).</summary>
internal sealed class HistoryEvent
{
    public HistoryEventKind Kind { get; set; }

    /// <summary>The task id this event schedules or completes; -1 when not a task event.</summary>
    public int TaskId { get; set; } = -1;

    /// <summary>Activity, orchestrator or event name.</summary>
    public string? Name { get; set; }

    /// <summary>JSON input, result, event data or termination output.</summary>
    public string? Payload { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public DateTime Timestamp { get; set; }

    public DateTime? FireAt { get; set; }

    /// <summary>The child instance id of a sub-orchestration.</summary>
    public string? InstanceId { get; set; }

    /// <summary>For messages: the execution generation they belong to; -1 for any (client messages).</summary>
    public int Generation { get; set; } = -1;

    public bool PreserveUnprocessedEvents { get; set; }

    public bool IsScheduling => Kind is HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated or HistoryEventKind.SubOrchestrationCreated;

    public bool IsCompletion => Kind is HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed or HistoryEventKind.TimerFired
        or HistoryEventKind.SubOrchestrationCompleted or HistoryEventKind.SubOrchestrationFailed;

    public bool IsControl => Kind is HistoryEventKind.ExecutionTerminated or HistoryEventKind.ExecutionSuspended or HistoryEventKind.ExecutionResumed;
}
