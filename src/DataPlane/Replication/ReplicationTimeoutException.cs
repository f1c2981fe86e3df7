namespace Serverless.DataPlane.Replication;

/// <summary>A replica did not reach a GTID position within the time allowed.</summary>
public sealed class ReplicationTimeoutException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReplicationTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What did not happen in time, and how far behind the replica was.</param>
    public ReplicationTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What did not happen in time.</param>
    /// <param name="innerException">The cause.</param>
    public ReplicationTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
