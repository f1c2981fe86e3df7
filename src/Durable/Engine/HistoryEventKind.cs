namespace Serverless.Durable.Engine;

internal enum HistoryEventKind
{
    OrchestratorStarted,
    ExecutionStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    SubOrchestrationCreated,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    EventRaised,
    ExecutionTerminated,
    ExecutionSuspended,
    ExecutionResumed,
}
