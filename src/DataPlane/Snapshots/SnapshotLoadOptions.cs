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

    /// <summary>
    /// Identifies this load on the target, e.g. the restore operation's id; null means the set id. A load that runs
    /// again with the same id after being interrupted (host killed, step timed out) continues from the chunks the
    /// earlier attempt committed instead of starting over; a load with another id replaces the databases from scratch.
    /// </summary>
    public string? LoadId { get; init; }

    /// <summary>
    /// Whether the caller replays a resumable snapshot's catch-up after the load (<see cref="Binlog.ChainRestorer"/> does).
    /// Without it, such a snapshot is refused: its chunks alone were read at different moments and are no consistent state.
    /// </summary>
    public bool ReplaysCatchup { get; init; }

    /// <summary>
    /// Whether the caller continues after the load (a binlog replay) and removes the load's progress itself once that is
    /// done (<see cref="Binlog.ChainRestorer"/> does): the load then records that it is complete instead of forgetting
    /// its steps, so that a run interrupted during the replay continues the replay without loading again.
    /// </summary>
    public bool CompletedByCaller { get; init; }

    /// <summary>Receives progress while rows are loaded, at most a few times a second.</summary>
    public IProgress<SnapshotProgress>? Progress { get; init; }
}
