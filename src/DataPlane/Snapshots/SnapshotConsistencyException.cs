namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// The dump's connections could not be put on one consistent snapshot: with commits blocked they still
/// reported different binlog positions. Nothing was written; the dump can be run again.
/// </summary>
public sealed class SnapshotConsistencyException : Exception
{
    /// <summary>Creates the exception with a message saying what differed.</summary>
    public SnapshotConsistencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public SnapshotConsistencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SnapshotConsistencyException()
    {
    }
}
