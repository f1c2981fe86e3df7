using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Restores a backup chain into a server: the full snapshot, then each segment in order, optionally stopping at a
/// point in time (docs/backup-format.md, "Restore").
/// </summary>
/// <remarks>
/// The whole restore can run again after a crash and continues where the earlier run stopped: the load from its
/// committed chunks (<see cref="SnapshotLoadOptions.LoadId"/>), then each replay (a resumable snapshot's catch-up, the
/// segments) after the last event group it committed (<see cref="ReplayCheckpoint"/>); the progress of both stays on the
/// target until the restore is complete. A restore that finds no progress of its load starts from empty user databases
/// (a restore target is a new, empty instance; a database a segment created must not trip the run). The chain is checked
/// before anything is written: each segment must start exactly where its predecessor ends, or the replay would silently
/// skip or repeat changes.
/// </remarks>
public sealed class ChainRestorer
{
    private readonly ArtifactStore _store;
    private readonly ILoggerFactory _loggers;

    /// <summary>Creates a restorer reading from <paramref name="store"/>.</summary>
    public ChainRestorer(ArtifactStore store, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>
    /// The server lock every load into a server takes (a restore here, a replica's seed in the orchestrations), so that
    /// two loads into one server never interleave.
    /// </summary>
    public const string RestoreLockName = "serverless-restore";

    /// <summary>How long a duplicate delivery of a load waits for the first run to end: a load lasts hours at most.</summary>
    public static readonly TimeSpan RestoreLockWait = TimeSpan.FromHours(6);

    /// <summary>Told the bytes applied as the segments are replayed (after the load, which reports through its own options); null for nobody.</summary>
    public IProgress<SegmentApplyProgress>? ReplayProgress { get; init; }

    /// <summary>Told the bytes applied as a resumable snapshot's catch-up is replayed (between the load and the segments); null for nobody.</summary>
    public IProgress<SegmentApplyProgress>? CatchupProgress { get; init; }

    /// <summary>
    /// Asked under the restore lock, before anything is dropped or loaded: false when this run must not restore (a
    /// duplicate delivery of a restore that another run finished, see <see cref="Restored"/>); the restore then returns
    /// without touching the target. It may throw to refuse a run that no longer owns the target.
    /// </summary>
    public Func<CancellationToken, Task<bool>>? Admit { get; init; }

    /// <summary>Called under the restore lock once the restore is complete, so a duplicate waiting for the lock finds it done.</summary>
    public Func<CancellationToken, Task>? Restored { get; init; }

    /// <summary>The name of a resumable snapshot's catch-up replay in the restore's progress (<see cref="ReplayCheckpoint.Name"/>).</summary>
    public const string CatchupReplay = "catchup";

    /// <summary>The name of the segments' replay in the restore's progress.</summary>
    public const string SegmentsReplay = "segments";

    /// <summary>
    /// Loads <paramref name="snapshotId"/> into <paramref name="target"/> and applies <paramref name="segmentIds"/>
    /// in order, up to <paramref name="stopAt"/> when given.
    /// </summary>
    /// <returns>What the segments applied (nothing for a full backup alone).</returns>
    /// <exception cref="ArtifactFormatException">The sets do not form a chain: a segment does not start where the member before it ends.</exception>
    /// <exception cref="SnapshotLoadException">The stop point's GTID is not in the chain.</exception>
    public async Task<SegmentApplyResult> RestoreAsync(
        string snapshotId, IReadOnlyList<string> segmentIds, ServerConnection target, SnapshotLoadOptions loadOptions, SegmentStopPoint? stopAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segmentIds);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(loadOptions);
        var snapshot = await ArtifactSetReader.OpenAsync(_store, snapshotId, cancellationToken).ConfigureAwait(false);
        var end = SnapshotSummary.FromManifest(snapshot.Manifest).Position;
        foreach (var segmentId in segmentIds)
        {
            var segment = SegmentSummary.FromManifest((await ArtifactSetReader.OpenAsync(_store, segmentId, cancellationToken).ConfigureAwait(false)).Manifest);
            if (segment.Start.File != end.File || segment.Start.Position != end.Position)
            {
                throw new ArtifactFormatException(
                    segmentId, null, $"Segment '{segmentId}' starts at {segment.Start.File}:{segment.Start.Position}, but the backup before it in the chain ends at {end.File}:{end.Position}: the chain is broken and cannot be restored past that point.");
            }

            end = segment.End;
        }

        // One restore at a time per target: a step delivered twice (at least once, after a host was killed) must not
        // drop or load under another run of itself.
        ServerLock guard;
        try
        {
            guard = await ServerLock.AcquireAsync(target, RestoreLockName, RestoreLockWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new SnapshotLoadException(snapshotId, $"Another restore into {target.Endpoint} held its lock for {RestoreLockWait.TotalHours:0} h; this one did not start.");
        }

        await using (guard.ConfigureAwait(false))
        {
            var loadId = loadOptions.LoadId ?? snapshotId;
            if (Admit is not null && !await Admit(cancellationToken).ConfigureAwait(false))
            {
                // Done by an earlier run, which may have been stopped before it removed its progress.
                await CompleteProgressAsync(target, loadId, cancellationToken).ConfigureAwait(false);
                return new SegmentApplyResult(0, 0, null, null, Stopped: false) { GtidPosition = end.GtidSet };
            }

            // A restore that an earlier run of it began continues where it stopped (its load's steps, its replays'
            // checkpoints); only a fresh one starts from empty user databases.
            bool resuming;
            var control = await SnapshotSession.OpenAsync(target, SnapshotSession.LoadSettings, cancellationToken).ConfigureAwait(false);
            await using (control.ConfigureAwait(false))
            {
                resuming = (await SnapshotLoadProgress.ReadAsync(control, loadId, cancellationToken).ConfigureAwait(false)).Count > 0;
            }

            var result = await RestoreLockedAsync(snapshotId, segmentIds, target, loadOptions with { LoadId = loadId }, stopAt, end, snapshot, resuming, cancellationToken).ConfigureAwait(false);
            if (Restored is not null)
            {
                await Restored(cancellationToken).ConfigureAwait(false);
            }

            // Only once the restore is recorded as done: a run stopped before this finds it so and removes the progress then.
            await CompleteProgressAsync(target, loadId, cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private async Task<SegmentApplyResult> RestoreLockedAsync(
        string snapshotId, IReadOnlyList<string> segmentIds, ServerConnection target, SnapshotLoadOptions loadOptions, SegmentStopPoint? stopAt, BinlogCoordinates end, ArtifactSetReader snapshot, bool resuming, CancellationToken cancellationToken)
    {
        // A replay (segments, a resumable snapshot's catch-up) runs on what the load left: a fresh restore starts from
        // empty user databases, a resumed one keeps what its earlier run loaded and replayed.
        var summary = SnapshotSummary.FromManifest(snapshot.Manifest);
        var replays = segmentIds.Count > 0 || summary.CatchupSetId is not null;
        if (replays && !resuming)
        {
            await DropUserDatabasesAsync(target, cancellationToken).ConfigureAwait(false);
        }

        var loadId = loadOptions.LoadId!;
        await new SnapshotLoader(_store, _loggers.CreateLogger<SnapshotLoader>())
            .LoadAsync(snapshotId, target, loadOptions with { ReplaysCatchup = true, CompletedByCaller = replays }, cancellationToken).ConfigureAwait(false);
        if (summary.CatchupSetId is { } catchup)
        {
            // A resumable dump's chunks were read at different moments: its catch-up brings each to the snapshot's end.
            var applier = new SegmentApplier(_store, _loggers.CreateLogger<SegmentApplier>())
            {
                Idempotent = true,
                TablePositions = summary.TablePositions,
                Checkpoint = new ReplayCheckpoint(loadId, CatchupReplay),
            };
            await applier.ApplyAsync([catchup], target, stopAt: null, CatchupProgress, cancellationToken).ConfigureAwait(false);
        }

        var start = summary.Position.GtidSet;
        var result = segmentIds.Count == 0
            ? new SegmentApplyResult(0, 0, null, null, Stopped: false) { GtidPosition = start }
            : await new SegmentApplier(_store, _loggers.CreateLogger<SegmentApplier>()) { Checkpoint = new ReplayCheckpoint(loadId, SegmentsReplay) }
                .ApplyAsync(segmentIds, target, stopAt, ReplayProgress, cancellationToken).ConfigureAwait(false);
        if (stopAt?.Gtid is { } gtid && !result.Stopped)
        {
            throw new SnapshotLoadException(
                snapshotId,
                $"GTID {gtid} is not in the backup chain (it ends at {(end.GtidSet.Length == 0 ? "no GTID" : end.GtidSet)}): the chain was applied to its end, which is not the state asked for. Choose a GTID the chain holds.");
        }

        await ContinueGtidStateAsync(target, result.GtidPosition, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The restored server continues the source's GTID history: its binlog state becomes the position its data
    /// matches, so transactions it writes next follow the source's, and a server that replicated from the source
    /// could continue from it. Setting the state empties the target's binlog first (RESET MASTER): a restore target
    /// is a new instance with no replicas, and the load and replay wrote nothing there.
    /// </summary>
    private static async Task ContinueGtidStateAsync(ServerConnection target, string gtidPosition, CancellationToken cancellationToken)
    {
        if (gtidPosition.Length == 0)
        {
            return;
        }

        var connection = await SnapshotSession.OpenAsync(target, "SET SESSION sql_log_bin = 0", cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await SnapshotSession.ExecuteAsync(connection, "RESET MASTER", [], cancellationToken).ConfigureAwait(false);
            await SnapshotSession.ExecuteAsync(connection, $"SET GLOBAL gtid_binlog_state = {SqlText.QuoteString(gtidPosition)}", [], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the load's and its replays' progress from the target (and the progress database once empty).</summary>
    private static async Task CompleteProgressAsync(ServerConnection target, string loadId, CancellationToken cancellationToken)
    {
        var control = await SnapshotSession.OpenAsync(target, SnapshotSession.LoadSettings, cancellationToken).ConfigureAwait(false);
        await using (control.ConfigureAwait(false))
        {
            await SnapshotLoadProgress.CompleteAsync(control, loadId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DropUserDatabasesAsync(ServerConnection target, CancellationToken cancellationToken)
    {
        var connection = await SnapshotSession.OpenAsync(target, "SET SESSION sql_log_bin = 0", cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var databases = await SnapshotSession.ReadCatalogRowsAsync(
                connection, $"SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN ({SqlText.SystemSchemaList})", [], cancellationToken).ConfigureAwait(false);
            foreach (var database in databases)
            {
                await SnapshotSession.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {SqlText.QuoteIdentifier(database[0]!)}", [], cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
