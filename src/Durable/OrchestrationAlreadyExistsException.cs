namespace Serverless.Durable;

/// <summary>An instance with the requested id exists and has not finished, so it cannot be started again.</summary>
public sealed class OrchestrationAlreadyExistsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="status">The status of the existing instance.</param>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"Orchestration instance '{instanceId}' already exists with status {status}; wait for it to finish, terminate it, or use another id.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the status of the existing instance.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}
