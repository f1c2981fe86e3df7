namespace Serverless.Durable;

/// <summary>
/// On replay, orchestrator code asked for a different action than the one recorded in history at the same position:
/// the code changed under a running instance or is not deterministic. The instance fails with this error.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="taskId">The position (task id) of the mismatch.</param>
    /// <param name="recorded">The action recorded in history, e.g. "activity 'Charge'".</param>
    /// <param name="requested">The action the code asked for on replay, or "nothing".</param>
    public NonDeterministicOrchestrationException(string instanceId, int taskId, string recorded, string requested)
        : base($"Non-deterministic orchestration '{instanceId}': history has {recorded} at task #{taskId}, but on replay the code asked for {requested}. Orchestrator code must make the same calls in the same order on every replay; version changes under in-flight instances.")
    {
        InstanceId = instanceId;
        TaskId = taskId;
    }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the position (task id) of the mismatch.</summary>
    public int TaskId { get; }
}
