namespace Serverless.Durable;

/// <summary>An operation is not allowed in the instance's current status (for example purging a running instance).</summary>
public sealed class OrchestrationStateException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationStateException"/> class.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="status">The instance's status.</param>
    /// <param name="message">What was refused and what the caller can do.</param>
    public OrchestrationStateException(string instanceId, OrchestrationRuntimeStatus status, string message)
        : base(message)
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the instance's status when the operation was refused.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}
