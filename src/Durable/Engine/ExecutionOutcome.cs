namespace Serverless.Durable.Engine;

/// <summary>What one episode of orchestrator code decided.</summary>
internal sealed record ExecutionOutcome(
    ExecutionOutcomeKind Kind,
    string? Output,
    TaskFailureDetails? Failure,
    IReadOnlyList<HistoryEvent> NewActions,
    IReadOnlyList<HistoryEvent> CarriedOverEvents,
    bool PreserveUnprocessedEvents,
    bool CustomStatusSet,
    string? CustomStatus);
