namespace Serverless.Durable;

/// <summary>No orchestration instance has the given id.</summary>
public sealed class OrchestrationNotFoundException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationNotFoundException"/> class.</summary>
    /// <param name="instanceId">The instance id.</param>
    public OrchestrationNotFoundException(string instanceId)
        : base($"There is no orchestration instance '{instanceId}'.")
    {
        InstanceId = instanceId;
    }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }
}
