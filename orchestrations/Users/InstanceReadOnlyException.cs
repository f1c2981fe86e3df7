namespace Serverless.Orchestrations.Users;

/// <summary>
/// A change to users, databases or root was refused because the instance is a read-only replica: its accounts and
/// schemas follow its source through replication. The API answers 409 with the message.
/// </summary>
public sealed class InstanceReadOnlyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The replica.</param>
    /// <param name="sourceId">The instance it replicates.</param>
    public InstanceReadOnlyException(string instanceId, string sourceId)
        : base($"Instance {instanceId} is a read-only replica of instance {sourceId}: create, change and delete users and databases on {sourceId}, and they replicate to this instance.")
    {
        InstanceId = instanceId;
        SourceId = sourceId;
    }

    /// <summary>The replica.</summary>
    public string InstanceId { get; }

    /// <summary>The instance it replicates.</summary>
    public string SourceId { get; }
}
