namespace Serverless.Durable.Engine;

/// <summary>
/// Everything about one orchestration instance, stored as one JSON document and only ever written with an ETag
/// condition: metadata, the event-sourced history of the current execution, the inbox of messages not yet applied,
/// and the lease saying which engine may process it.
/// </summary>
internal sealed class InstanceDocument
{
    public string InstanceId { get; set; } = "";

    public string Name { get; set; } = "";

    public OrchestrationRuntimeStatus Status { get; set; }

    /// <summary>Incremented by continue-as-new and by re-creating a finished instance; stale messages are dropped.</summary>
    public int Generation { get; set; }

    public string? Input { get; set; }

    public string? Output { get; set; }

    public string? CustomStatus { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastUpdatedAt { get; set; }

    public ParentReference? Parent { get; set; }

    public List<HistoryEvent> History { get; set; } = [];

    public List<HistoryEvent> Inbox { get; set; } = [];

    public string? LeaseOwner { get; set; }

    public DateTimeOffset LeaseExpiresAt { get; set; }

    public bool IsTerminal => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
