namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// A snapshot's schema object (database, table, view, routine, trigger, event, account or grant) could not be
/// created on the target. The message names the set and the object; loading again continues the load.
/// </summary>
public sealed class SnapshotLoadException : Exception
{
    /// <summary>Creates the exception for set <paramref name="setId"/>.</summary>
    public SnapshotLoadException(string setId, string message, Exception? innerException = null)
        : base(message, innerException) => SetId = setId;

    /// <summary>The snapshot's artifact set.</summary>
    public string SetId { get; }
}
