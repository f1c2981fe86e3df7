namespace Serverless.DataPlane.Binlog;

/// <summary>What <see cref="SegmentApplier"/> applied.</summary>
/// <param name="Transactions">Event groups (transactions and DDL statements) applied.</param>
/// <param name="Statements">BINLOG and query statements sent.</param>
/// <param name="LastGtid">The last group applied, <c>domain-server-sequence</c>; null when none.</param>
/// <param name="LastEventAt">Timestamp of the last group applied; null when none.</param>
/// <param name="Stopped">True when a <see cref="SegmentStopPoint"/> ended the replay before the last segment's end.</param>
public sealed record SegmentApplyResult(long Transactions, long Statements, string? LastGtid, DateTimeOffset? LastEventAt, bool Stopped)
{
    /// <summary>
    /// The target's data now matches the source at this GTID position (the chain's start position advanced by every
    /// group applied); empty when the source had none.
    /// </summary>
    public string GtidPosition { get; init; } = string.Empty;

    /// <summary>
    /// Of <see cref="Transactions"/>, the groups that earlier attempts of a checkpointed replay had committed, which this
    /// run skipped (<see cref="SegmentApplier.Checkpoint"/>); 0 for a replay from the start.
    /// </summary>
    public long ResumedTransactions { get; init; }
}
