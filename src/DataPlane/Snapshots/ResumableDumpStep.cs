namespace Serverless.DataPlane.Snapshots;

/// <summary>What one step of a <see cref="ResumableSnapshotDumper"/> did.</summary>
/// <param name="Summary">The completed snapshot's summary; null while chunks are left (call the step again).</param>
/// <param name="ChunksDumped">Chunks this step read and stored.</param>
/// <param name="ChunksStored">Chunks stored for good by every step so far.</param>
/// <param name="ChunksPlanned">Chunks in the plan.</param>
public sealed record ResumableDumpStep(SnapshotSummary? Summary, int ChunksDumped, int ChunksStored, int ChunksPlanned)
{
    /// <summary>Whether the set is complete (its manifest written).</summary>
    public bool Completed => Summary is not null;

    /// <summary>Rows in the chunks stored so far, against the tables' estimated rows: the dump's percent between steps.</summary>
    public SnapshotProgress Progress { get; init; } = new(0, 0, 0);
}
