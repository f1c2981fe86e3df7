namespace Serverless.DataPlane.Snapshots;

/// <summary>How a <see cref="SnapshotLoader"/> loads a snapshot.</summary>
public sealed record SnapshotLoadOptions
{
    /// <summary>Connections loading chunks at once.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>Create secondary indexes after the rows are in, which is faster for InnoDB than maintaining them row by row.</summary>
    public bool DeferSecondaryIndexes { get; init; } = true;

    /// <summary>Whether the snapshot's accounts and grants are created on the target.</summary>
    public bool IncludeUsers { get; init; } = true;

    /// <summary>Receives progress while rows are loaded, at most a few times a second.</summary>
    public IProgress<SnapshotProgress>? Progress { get; init; }
}
