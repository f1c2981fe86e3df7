using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Serverless.Binlog;
using Serverless.Binlog.Events;
using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Replays binlog segments on a server over one SQL session, with the session's binlog off (docs/backup-format.md,
/// "Restore").
/// </summary>
/// <remarks>
/// <para>
/// Row events are replayed with <c>BINLOG '&lt;base64&gt;'</c>: the format description once per segment part, then
/// per statement the table maps and rows events as the source wrote them, so values, character sets and
/// temporal types reach the storage engine exactly as on the source, with no conversion to SQL text that could
/// lose them (chosen over an applier of our own; measured in docs/backup-format.md). A statement larger than the
/// server's packet limit is split, each piece starting again with its table maps (without them the server skips the
/// rows silently). BINLOG is always the last statement of a command: the server drops the more-results flag after it.
/// </para>
/// <para>
/// Query events (DDL, and the COMMIT of non-transactional changes) are sent as text under the session settings their
/// status variables carry (sql_mode, collations, time zone, checks, timestamp), after <c>USE</c> of their database.
/// Every event's CRC32 is checked by the reader (the server does not check it inside BINLOG).
/// </para>
/// </remarks>
public sealed partial class SegmentApplier
{
    private const int MaxStatementBytes = 16 * 1024 * 1024;

    private readonly ArtifactStore _store;
    private readonly ILogger _logger;

    /// <summary>Creates an applier reading from <paramref name="store"/>.</summary>
    public SegmentApplier(ArtifactStore store, ILogger<SegmentApplier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Replays with the server's <c>slave_exec_mode</c> set to IDEMPOTENT for the replay's duration (a global setting,
    /// restored after): a row written again replaces the one there, an update or delete of a missing row is skipped.
    /// For a resumable snapshot's catch-up, whose chunks already hold some of its changes (docs/backup-format.md).
    /// </summary>
    public bool Idempotent { get; init; }

    /// <summary>
    /// When set, only the rows of these tables (<c>database.table</c>) are replayed, each from after its GTID position
    /// (the changes up to there are skipped); null replays every table's rows.
    /// </summary>
    public IReadOnlyDictionary<string, string>? TablePositions { get; init; }

    /// <summary>
    /// When set, the replay records on the target, in the transaction of each event group it applies, which group that
    /// was; a replay run again under the same checkpoint (after its host was killed, a step was cancelled, an artifact
    /// could not be read) skips the groups already committed and continues with the next. Null replays from the start.
    /// </summary>
    public ReplayCheckpoint? Checkpoint { get; init; }

    /// <summary>
    /// Applies the segments <paramref name="setIds"/> in order to <paramref name="target"/>, up to
    /// <paramref name="stopAt"/> when given. The target must hold the data the first segment starts from.
    /// </summary>
    /// <returns>What was applied.</returns>
    /// <exception cref="ArtifactException">A segment is incomplete, damaged or not a segment.</exception>
    /// <exception cref="BinlogException">A stored event is malformed or fails its checksum.</exception>
    /// <exception cref="MySqlException">The target refused a statement.</exception>
    public Task<SegmentApplyResult> ApplyAsync(IReadOnlyList<string> setIds, ServerConnection target, SegmentStopPoint? stopAt, CancellationToken cancellationToken) =>
        ApplyAsync(setIds, target, stopAt, progress: null, cancellationToken);

    /// <summary>
    /// Applies the segments <paramref name="setIds"/> in order to <paramref name="target"/>, up to
    /// <paramref name="stopAt"/> when given, telling <paramref name="progress"/> the bytes applied of the manifests' total
    /// (at every half percent and at the end of each artifact).
    /// </summary>
    /// <returns>What was applied.</returns>
    public async Task<SegmentApplyResult> ApplyAsync(
        IReadOnlyList<string> setIds, ServerConnection target, SegmentStopPoint? stopAt, IProgress<SegmentApplyProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setIds);
        ArgumentNullException.ThrowIfNull(target);
        var stopGtid = stopAt?.Gtid is { } gtidText ? MariaDbGtid.Parse(gtidText) : (MariaDbGtid?)null;
        var connection = target.CreateConnection();
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SnapshotSession.ExecuteAsync(connection, "SET SESSION sql_log_bin = 0, max_statement_time = 0, net_read_timeout = 3600, net_write_timeout = 3600", [], cancellationToken).ConfigureAwait(false);
            var packet = long.Parse((await SnapshotSession.ReadRowsAsync(connection, "SELECT @@max_allowed_packet", [], cancellationToken).ConfigureAwait(false))[0][0]!, CultureInfo.InvariantCulture);
            string? execMode = null;
            if (Idempotent)
            {
                // Tried on 10.11: BINLOG statements in a client session follow the global mode, as the replica's applier does.
                execMode = (await SnapshotSession.ReadRowsAsync(connection, "SELECT @@GLOBAL.slave_exec_mode", [], cancellationToken).ConfigureAwait(false))[0][0];
                await SnapshotSession.ExecuteAsync(connection, "SET GLOBAL slave_exec_mode = 'IDEMPOTENT'", [], cancellationToken).ConfigureAwait(false);
            }

            try
            {
                // Under the caller's restore lock: claimed before the replay's global mode matters to anyone.
                var resume = Checkpoint is { } checkpoint
                    ? await ReplayCheckpointStore.BeginAsync(connection, checkpoint, cancellationToken).ConfigureAwait(false)
                    : ReplayResumePoint.Start;
                return await ApplyOpenAsync(connection, setIds, target, packet, stopAt, stopGtid, resume, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (execMode is not null)
                {
                    await SnapshotSession.ExecuteAsync(connection, "SET GLOBAL slave_exec_mode = ?", [execMode], CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<SegmentApplyResult> ApplyOpenAsync(
        MySqlConnection connection,
        IReadOnlyList<string> setIds,
        ServerConnection target,
        long packet,
        SegmentStopPoint? stopAt,
        MariaDbGtid? stopGtid,
        ReplayResumePoint resume,
        IProgress<SegmentApplyProgress>? progress,
        CancellationToken cancellationToken)
    {
        // Base64 grows the bytes by 4/3; leave room for the statement around them.
        using var replay = new Replay(connection, (int)Math.Clamp((packet - 1024) * 3 / 4 / 2, 64 * 1024, MaxStatementBytes), stopAt?.Time, stopGtid, resume)
        {
            Filter = TableFilter.Create(TablePositions),
            Checkpoint = Checkpoint,
        };
        var sets = new List<ArtifactSetReader>(setIds.Count);
        foreach (var setId in setIds)
        {
            sets.Add(await ArtifactSetReader.OpenAsync(_store, setId, cancellationToken).ConfigureAwait(false));
        }

        var startGtids = sets.Count == 0 ? null : SegmentSummary.FromManifest(sets[0].Manifest).Start.GtidSet;
        var counter = new ApplyCounter(progress, sets.Sum(set => SegmentSummary.FromManifest(set.Manifest).BinlogBytes));
        if (resume.Transactions > 0)
        {
            LogResuming(_logger, Checkpoint!.Name, Checkpoint.LoadId, resume.Transactions, resume.Finished);
        }

        for (var setIndex = 0; setIndex < sets.Count && !resume.Finished; setIndex++)
        {
            var set = sets[setIndex];
            var artifacts = set.Artifacts.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            for (var artifactIndex = 0; artifactIndex < artifacts.Count; artifactIndex++)
            {
                var artifact = artifacts[artifactIndex];
                if (setIndex < resume.Set || (setIndex == resume.Set && artifactIndex < resume.Artifact))
                {
                    // Every group of this artifact was committed by an earlier attempt.
                    counter.Skipped(artifact.OriginalBytes);
                    continue;
                }

                replay.StartArtifact(setIndex, artifactIndex, setIndex == resume.Set && artifactIndex == resume.Artifact ? resume.GroupsInArtifact : 0);
                var stream = await set.OpenReadAsync(artifact.Name, cancellationToken).ConfigureAwait(false);
                var reader = new BinlogFileReader(stream);
                await using (reader.ConfigureAwait(false))
                {
                    while (!replay.Stopped && await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } binlogEvent)
                    {
                        await replay.ApplyAsync(binlogEvent, cancellationToken).ConfigureAwait(false);
                        counter.Applied(binlogEvent);
                    }
                }

                counter.Report();

                if (replay.Stopped)
                {
                    break;
                }
            }

            if (replay.Stopped)
            {
                break;
            }
        }

        await replay.FinishAsync(cancellationToken).ConfigureAwait(false);
        var lastGtid = replay.LastGtid?.ToString();
        LogApplied(_logger, setIds.Count, target.Endpoint, replay.Transactions, lastGtid);
        var position = new SortedDictionary<uint, MariaDbGtid>(MariaDbGtid.ParsePosition(startGtids ?? string.Empty).ToDictionary(g => g.DomainId));
        foreach (var gtid in replay.AppliedPerDomain.Values)
        {
            position[gtid.DomainId] = gtid;
        }

        return new SegmentApplyResult(replay.Transactions, replay.Statements, lastGtid, replay.LastEventAt, replay.Stopped)
        {
            GtidPosition = MariaDbGtid.FormatPosition(position.Values),
            ResumedTransactions = resume.Transactions,
        };
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied {Segments} segment(s) to {Target}: {Transactions} transactions, last GTID {LastGtid}")]
    private static partial void LogApplied(ILogger logger, int segments, string target, long transactions, string? lastGtid);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Resuming replay {Replay} of load {LoadId}: {Transactions} transactions committed by earlier attempts (finished: {Finished})")]
    private static partial void LogResuming(ILogger logger, string replay, string loadId, long transactions, bool finished);

    /// <summary>Counts what was applied and tells the progress at every half percent of the total, not at every event.</summary>
    private sealed class ApplyCounter(IProgress<SegmentApplyProgress>? progress, long total)
    {
        private readonly long _step = Math.Max(1, total / 200);
        private long _events;
        private long _bytes;
        private long _reported = -1;

        public void Applied(BinlogEvent binlogEvent)
        {
            // The format description is not counted in a manifest's bytes.
            if (binlogEvent is FormatDescriptionEvent)
            {
                return;
            }

            _events++;
            _bytes += binlogEvent.Data.Length;
            if (_bytes - _reported >= _step)
            {
                Report();
            }
        }

        /// <summary>Counts an artifact whose events an earlier attempt applied.</summary>
        public void Skipped(long bytes)
        {
            _bytes += bytes;
        }

        public void Report()
        {
            if (progress is not null && _bytes != _reported)
            {
                progress.Report(new SegmentApplyProgress(_events, _bytes, total));
                _reported = _bytes;
            }
        }
    }

    /// <summary>The replay of one session: the statement being gathered and the SQL that must precede the next one.</summary>
    private sealed class Replay(MySqlConnection connection, int maxStatementBytes, DateTimeOffset? stopTime, MariaDbGtid? stopGtid, ReplayResumePoint resume) : IDisposable
    {
        private readonly MemoryStream _statement = new();
        private readonly List<byte[]> _tableMaps = [];
        private readonly StringBuilder _prefix = new();
        private bool _rowsInStatement;
        private bool _inGroup;
        private bool _stopAfterGroup;
        private bool _groupIsStandalone;
        private readonly HashSet<ulong> _skippedTables = [];
        private int _set = resume.Set;
        private int _artifact = resume.Artifact;
        private long _groupsInArtifact = resume.GroupsInArtifact;
        private long _groupsToSkip;
        private bool _skippingGroup;

        /// <summary>Which tables' rows the group being replayed skips; null for none.</summary>
        public TableFilter? Filter { get; init; }

        /// <summary>Where each committed group is recorded; null for nowhere.</summary>
        public ReplayCheckpoint? Checkpoint { get; init; }

        public long Transactions { get; private set; } = resume.Transactions;

        public long Statements { get; private set; }

        public MariaDbGtid? LastGtid { get; private set; } = resume.LastGtid;

        /// <summary>The last group applied in each replication domain.</summary>
        public Dictionary<uint, MariaDbGtid> AppliedPerDomain { get; } = resume.Applied.ToDictionary(g => g.DomainId);

        public DateTimeOffset? LastEventAt { get; private set; } = resume.LastEventAt;

        public bool Stopped { get; private set; } = resume.Finished && resume.Stopped;

        /// <summary>
        /// The replay continues with artifact <paramref name="artifact"/> of set <paramref name="set"/>, whose first
        /// <paramref name="committedGroups"/> groups an earlier attempt committed: they are read past, not applied.
        /// </summary>
        public void StartArtifact(int set, int artifact, long committedGroups)
        {
            _set = set;
            _artifact = artifact;
            _groupsInArtifact = committedGroups;
            _groupsToSkip = committedGroups;
            _skippingGroup = false;
        }

        public void Dispose() => _statement.Dispose();

        public async Task ApplyAsync(BinlogEvent binlogEvent, CancellationToken cancellationToken)
        {
            // A segment our capture wrote never holds these; one altered or written elsewhere is refused, not half-applied.
            if (SegmentEventSupport.Refusal(binlogEvent) is { } refusal)
            {
                throw new NotSupportedException(refusal);
            }

            if (SkipsCommitted(binlogEvent))
            {
                return;
            }

            switch (binlogEvent)
            {
                case FormatDescriptionEvent:
                    await SendBinlogAsync(binlogEvent.Data.Span, cancellationToken).ConfigureAwait(false);
                    break;
                case MariaDbGtidEvent gtid:
                    await BeginGroupAsync(gtid, cancellationToken).ConfigureAwait(false);
                    break;
                case TableMapEvent map when Filter is not null && Filter.Skips(map.DatabaseName, map.TableName, LastGtid):
                    _skippedTables.Add(map.TableId);
                    break;
                case RowsEvent skipped when _skippedTables.Contains(skipped.TableId):
                    if ((skipped.Flags & RowsEventFlags.StatementEnd) != 0)
                    {
                        // The statement ends with a skipped table's rows: send the rows gathered for the others, if any.
                        if (_rowsInStatement)
                        {
                            await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
                        }

                        _statement.SetLength(0);
                        _tableMaps.Clear();
                    }

                    break;
                case TableMapEvent map:
                    _skippedTables.Remove(map.TableId);
                    if (_rowsInStatement)
                    {
                        // A new statement's maps while the last one's rows are unsent: the source ended it without the flag.
                        await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
                    }

                    _tableMaps.Add(binlogEvent.Data.ToArray());
                    _statement.Write(binlogEvent.Data.Span);
                    break;
                case RowsEvent rows:
                    if (_rowsInStatement && _statement.Length + rows.Data.Length > maxStatementBytes)
                    {
                        await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
                        foreach (var map in _tableMaps)
                        {
                            _statement.Write(map);
                        }
                    }

                    _statement.Write(rows.Data.Span);
                    _rowsInStatement = true;
                    if ((rows.Flags & RowsEventFlags.StatementEnd) != 0)
                    {
                        await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
                        _tableMaps.Clear();
                    }

                    break;
                case XidEvent:
                    await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
                    await EndGroupAsync("COMMIT", cancellationToken).ConfigureAwait(false);
                    break;
                case QueryEvent query:
                    await ApplyQueryAsync(query, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    // Rotate, GTID list, checkpoint, annotate, heartbeat (not stored by the capturer, skipped if present);
                    // INTVAR/RAND/USER_VAR belong to statement-based logging, which the sources do not use.
                    break;
            }
        }

        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            if (_inGroup && !Stopped)
            {
                throw new InvalidOperationException("The last segment ends inside a transaction; the segment is incomplete and cannot be applied.");
            }

            await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
            if (Checkpoint is not null)
            {
                Append(ReplayCheckpointStore.RecordSql(Checkpoint, Point(finished: true)));
            }

            if (_prefix.Length > 0)
            {
                await SendAsync(string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Whether <paramref name="binlogEvent"/> belongs to a group an earlier attempt committed (the first groups of the
        /// artifact a resumed replay starts in). A skipped group that was the stop point ends the replay as it did then.
        /// </summary>
        private bool SkipsCommitted(BinlogEvent binlogEvent)
        {
            switch (binlogEvent)
            {
                case FormatDescriptionEvent:
                    return false;
                case MariaDbGtidEvent gtid when _groupsToSkip > 0:
                    _groupsToSkip--;
                    _skippingGroup = true;
                    if (stopGtid is { } stop && stop == gtid.Gtid)
                    {
                        Stopped = true;
                    }

                    return true;
                case MariaDbGtidEvent:
                    _skippingGroup = false;
                    return false;
                default:
                    return _skippingGroup;
            }
        }

        private ReplayResumePoint Point(bool finished) =>
            new(_set, _artifact, _groupsInArtifact, Transactions, [.. AppliedPerDomain.Values.OrderBy(g => g.DomainId)], LastGtid, LastEventAt, finished, Stopped);

        private async Task BeginGroupAsync(MariaDbGtidEvent gtid, CancellationToken cancellationToken)
        {
            if (_stopAfterGroup || (stopTime is { } time && gtid.Header.Timestamp > time.ToUnixTimeSeconds()))
            {
                Stopped = true;
                await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            _inGroup = true;
            LastGtid = gtid.Gtid;
            LastEventAt = gtid.Header.Time;
            _stopAfterGroup = stopGtid is { } stop && stop == gtid.Gtid;
            _groupIsStandalone = gtid.IsStandalone;
            if (!gtid.IsStandalone)
            {
                Append("BEGIN");
            }
        }

        /// <summary>
        /// Ends the group being applied with <paramref name="terminator"/> (COMMIT, ROLLBACK; null for a DDL statement,
        /// which committed itself). A checkpointed replay records the group in the same transaction, before its COMMIT;
        /// after a ROLLBACK or a DDL statement the record commits by itself, right away.
        /// </summary>
        private async Task EndGroupAsync(string? terminator, CancellationToken cancellationToken)
        {
            _inGroup = false;
            Transactions++;
            _groupsInArtifact++;
            if (LastGtid is { } applied)
            {
                AppliedPerDomain[applied.DomainId] = applied;
            }

            var record = Checkpoint is null ? null : ReplayCheckpointStore.RecordSql(Checkpoint, Point(finished: false));
            if (terminator == "COMMIT")
            {
                AppendIfAny(record);
                Append(terminator);
            }
            else
            {
                AppendIfAny(record is null ? terminator : terminator is null ? record : $"{terminator}; {record}");
                if (terminator is null && record is not null)
                {
                    await SendAsync(string.Empty, cancellationToken).ConfigureAwait(false);
                }
            }

            if (_stopAfterGroup)
            {
                Stopped = true;
                await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ApplyQueryAsync(QueryEvent query, CancellationToken cancellationToken)
        {
            await FlushStatementAsync(cancellationToken).ConfigureAwait(false);
            var context = QuerySessionContext.Parse(query.StatusVariables.Span, query.Header.Timestamp);
            var statement = context.StatementEncoding.GetString(query.StatementBytes.Span);
            var keyword = statement.Trim().TrimEnd(';').ToUpperInvariant();
            switch (keyword)
            {
                case "BEGIN":
                    return;
                case "COMMIT" or "ROLLBACK":
                    await EndGroupAsync(keyword, cancellationToken).ConfigureAwait(false);
                    return;
            }

            Append(context.SetStatement);
            await SendAsync(string.Empty, cancellationToken).ConfigureAwait(false);
            if (query.DatabaseBytes.Length > 0)
            {
                try
                {
                    await SendAsync($"USE {SqlText.QuoteIdentifier(query.DatabaseName)}", cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.UnknownDatabase)
                {
                    // CREATE DATABASE is logged with the new database as its default one: it does not exist yet.
                }
            }

            // The statement goes alone: its text may hold semicolons, and it must be the last of its command.
            await SendAsync(statement, cancellationToken).ConfigureAwait(false);

            // A DDL group is one query event: it ends when its statement has run.
            if (_inGroup && _groupIsStandalone)
            {
                await EndGroupAsync(null, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task FlushStatementAsync(CancellationToken cancellationToken)
        {
            if (_statement.Length == 0)
            {
                return;
            }

            await SendBinlogAsync(_statement.GetBuffer().AsSpan(0, (int)_statement.Length), cancellationToken).ConfigureAwait(false);
            _statement.SetLength(0);
            _rowsInStatement = false;
        }

        private Task SendBinlogAsync(ReadOnlySpan<byte> events, CancellationToken cancellationToken) =>
            SendAsync("BINLOG '" + Convert.ToBase64String(events) + "'", cancellationToken);

        private void AppendIfAny(string? sql)
        {
            if (sql is not null)
            {
                Append(sql);
            }
        }

        private void Append(string sql)
        {
            if (_prefix.Length > 0)
            {
                _prefix.Append("; ");
            }

            _prefix.Append(sql);
        }

        /// <summary>Sends what waits in the prefix, then <paramref name="last"/> as the command's last statement.</summary>
        private async Task SendAsync(string last, CancellationToken cancellationToken)
        {
            string sql;
            if (_prefix.Length == 0)
            {
                sql = last;
            }
            else
            {
                sql = last.Length == 0 ? _prefix.ToString() : $"{_prefix}; {last}";
                _prefix.Clear();
            }

            if (sql.Length == 0)
            {
                return;
            }

            var command = new MySqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Statements++;
        }
    }
}
