namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// The dump could not produce one consistent snapshot: with commits blocked its connections still reported different
/// binlog positions, or a schema change (ALTER, DROP, CREATE) ran on a dumped table while the dump read it. No manifest
/// was written; the dump can be run again.
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
