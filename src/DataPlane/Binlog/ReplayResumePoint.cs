using Serverless.Binlog;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Where a checkpointed replay stands, as its last committed event group recorded it on the target (one row of
/// <c>dbaas_load_progress.replay</c>, see <see cref="ReplayCheckpointStore"/>).
/// </summary>
/// <param name="Set">Index, in the replay's list of sets, of the set holding the last group applied.</param>
/// <param name="Artifact">Index, in that set's artifacts in replay order, of the artifact holding it.</param>
/// <param name="GroupsInArtifact">Groups of that artifact applied: a resumed replay skips this many and applies the next.</param>
/// <param name="Transactions">Groups applied by the replay in all, over every attempt.</param>
/// <param name="Applied">The last group applied in each replication domain, a GTID position.</param>
/// <param name="LastGtid">The last group applied; null when none.</param>
/// <param name="LastEventAt">Its timestamp; null when none.</param>
/// <param name="Finished">Whether the replay ran to its end (or its stop point): nothing is left to apply.</param>
/// <param name="Stopped">Whether a stop point ended it.</param>
internal sealed record ReplayResumePoint(
    int Set, int Artifact, long GroupsInArtifact, long Transactions, IReadOnlyList<MariaDbGtid> Applied, MariaDbGtid? LastGtid, DateTimeOffset? LastEventAt, bool Finished, bool Stopped)
{
    /// <summary>A replay that has applied nothing yet.</summary>
    public static readonly ReplayResumePoint Start = new(0, 0, 0, 0, [], null, null, Finished: false, Stopped: false);
}
