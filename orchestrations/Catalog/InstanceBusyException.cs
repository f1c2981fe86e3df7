namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// An action was refused because another operation is running on the instance (status <c>BUILD</c>,
/// <c>REBOOT</c> or <c>SHUTDOWN</c>) or the instance is not in a status that allows it. Conflicting
/// operations are refused, never interleaved. The API answers 422, as Trove does.
/// </summary>
public sealed class InstanceBusyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="status">The status the instance was in.</param>
    public InstanceBusyException(string instanceId, string status)
        : base($"Instance {instanceId} is not currently available for an action to be performed (status was {status}).")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>The status the instance was in when the action was refused.</summary>
    public string Status { get; }
}
