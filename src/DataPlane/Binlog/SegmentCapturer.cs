using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Serverless.Binlog;
using Serverless.Binlog.Events;
using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Captures an incremental backup: the source's binlog from a parent's end coordinates up to the source's position
/// when the capture begins, stored as binlog-file artifacts (docs/backup-format.md, "Incremental backups") with a
/// manifest written last.
/// </summary>
/// <remarks>
/// The end is read first (<c>SHOW MASTER STATUS</c>) and the stream is read with the replication protocol from the
/// parent's file and position until it reaches that end, so transactions committed meanwhile belong to the next
/// segment. The end GTID position is the start's, advanced by every GTID the segment holds: exact, where reading
/// <c>@@gtid_binlog_pos</c> separately could race with a commit. Annotate events are not requested and rotate,
/// GTID-list, checkpoint and heartbeat events are not stored: replay does not need them.
/// </remarks>
public sealed partial class SegmentCapturer
{
    private readonly ArtifactStore _store;
    private readonly ILogger _logger;

    /// <summary>Creates a capturer writing to <paramref name="store"/>.</summary>
    public SegmentCapturer(ArtifactStore store, ILogger<SegmentCapturer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Captures the binlog of <paramref name="source"/> from <paramref name="start"/> (the end of set
    /// <paramref name="parentId"/>) into set <paramref name="setId"/>. A set completed before (by a run that crashed
    /// after completing it) is returned as it is; an interrupted capture resumes after its last stored artifact, up to
    /// the end its first attempt fixed.
    /// </summary>
    /// <returns>The segment's summary.</returns>
    /// <exception cref="SegmentCaptureException">The binlog from <paramref name="start"/> was purged from the source, or the stream ended early.</exception>
    public async Task<SegmentSummary> CaptureAsync(ServerConnection source, string setId, string parentId, BinlogCoordinates start, SegmentCaptureOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        var progress = new SegmentCaptureProgressStore(_store, setId);
        while (true)
        {
            if (await TryReadAsync(setId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            var current = await progress.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                var begun = await BeginAsync(source, parentId, start, cancellationToken).ConfigureAwait(false);
                if (!await progress.TryCreateAsync(begun, cancellationToken).ConfigureAwait(false))
                {
                    // Another attempt of the same step began first: follow the end it fixed.
                    continue;
                }

                current = await progress.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The capture progress of set '{setId}' vanished while it was being written.");
            }
            else
            {
                CheckSameCapture(setId, parentId, start, current.Value.State);
                LogResumed(_logger, setId, current.Value.State.Parts.Count, current.Value.State.BinlogBytes, current.Value.State.ResumeFile, current.Value.State.ResumePosition);
            }

            try
            {
                var state = current.Value.State;
                if (Compare(state.ResumeFile, state.ResumePosition, state.EndFile, state.EndPosition) < 0)
                {
                    state = await StreamAsync(source, setId, progress, current.Value, options, cancellationToken).ConfigureAwait(false);
                }

                return await CompleteAsync(setId, state, cancellationToken).ConfigureAwait(false);
            }
            catch (CaptureOvertakenException)
            {
                // Another attempt recorded an artifact first (a step delivered twice runs twice at once): what it
                // stored stands, and this attempt continues after it.
                LogOvertaken(_logger, setId);
            }
        }
    }

    private async Task<SegmentCaptureState> BeginAsync(ServerConnection source, string parentId, BinlogCoordinates start, CancellationToken cancellationToken)
    {
        var (end, dataBytes, totalBytes) = await ReadSourceAsync(source, start, cancellationToken).ConfigureAwait(false);
        if (Compare(end.File, end.Position, start.File, start.Position) < 0)
        {
            throw new SegmentCaptureException(
                $"The source's binlog is at {end.File}:{end.Position}, before the parent backup's end {start.File}:{start.Position}: the server's binlog was reset since the parent was taken. Take a full backup to start a new chain.");
        }

        return new SegmentCaptureState
        {
            ParentId = parentId,
            StartFile = start.File,
            StartPosition = start.Position,
            StartGtidSet = start.GtidSet,
            EndFile = end.File,
            EndPosition = end.Position,
            CapturedAt = _store.Options.TimeProvider.GetUtcNow(),
            DataBytes = dataBytes,
            TotalBytes = totalBytes,
            ResumeFile = start.File,
            ResumePosition = start.Position,
            GtidPosition = start.GtidSet,
        };
    }

    private static void CheckSameCapture(string setId, string parentId, BinlogCoordinates start, SegmentCaptureState state)
    {
        if (state.ParentId != parentId || state.StartFile != start.File || state.StartPosition != start.Position || state.StartGtidSet != start.GtidSet)
        {
            throw new InvalidOperationException(
                $"Set '{setId}' holds an interrupted capture from parent '{state.ParentId}' at {state.StartFile}:{state.StartPosition}, not from '{parentId}' at {start.File}:{start.Position}; it cannot be resumed as this one.");
        }
    }

    private async Task<SegmentSummary> CompleteAsync(string setId, SegmentCaptureState state, CancellationToken cancellationToken)
    {
        // Every attempt completes from the same final progress, so a duplicate's completion is the same manifest.
        var writer = new ArtifactSetWriter(_store, setId, state.CapturedAt);
        foreach (var part in state.Parts)
        {
            writer.Add(part);
        }

        writer.Properties[SegmentFormat.FormatVersionKey] = SegmentFormat.FormatNumber(SegmentFormat.Version);
        writer.Properties[SegmentFormat.ParentIdKey] = state.ParentId;
        writer.Properties[SegmentFormat.StartFileKey] = state.StartFile;
        writer.Properties[SegmentFormat.StartPositionKey] = SegmentFormat.FormatNumber(state.StartPosition);
        writer.Properties[SegmentFormat.StartGtidSetKey] = state.StartGtidSet;
        writer.Properties[SegmentFormat.EndFileKey] = state.EndFile;
        writer.Properties[SegmentFormat.EndPositionKey] = SegmentFormat.FormatNumber(state.EndPosition);
        writer.Properties[SegmentFormat.EndGtidSetKey] = state.GtidPosition;
        writer.Properties[SegmentFormat.CapturedAtKey] = SegmentFormat.FormatTime(state.CapturedAt);
        writer.Properties[SegmentFormat.EventsKey] = SegmentFormat.FormatNumber(state.Events);
        writer.Properties[SegmentFormat.TransactionsKey] = SegmentFormat.FormatNumber(state.Transactions);
        writer.Properties[SegmentFormat.BinlogBytesKey] = SegmentFormat.FormatNumber(state.BinlogBytes);
        writer.Properties[SegmentFormat.DataBytesKey] = SegmentFormat.FormatNumber(state.DataBytes);
        if (state.FirstEventAt is { } first && state.LastEventAt is { } last)
        {
            writer.Properties[SegmentFormat.FirstEventTimeKey] = SegmentFormat.FormatTime(first);
            writer.Properties[SegmentFormat.LastEventTimeKey] = SegmentFormat.FormatTime(last);
        }

        var manifest = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var summary = SegmentSummary.FromManifest(manifest);

        // Artifacts an interrupted attempt stored but never recorded can no longer be recorded: the progress is final.
        var discarded = await new SegmentCaptureProgressStore(_store, setId).DeleteUnrecordedPartsAsync(manifest.Artifacts, cancellationToken).ConfigureAwait(false);
        LogCaptured(_logger, setId, state.StartFile, state.StartPosition, state.EndFile, state.EndPosition, summary.Transactions, summary.BinlogBytes, summary.StoredBytes, discarded);
        return summary;
    }

    private async Task<SegmentSummary?> TryReadAsync(string setId, CancellationToken cancellationToken)
    {
        try
        {
            var reader = await ArtifactSetReader.OpenAsync(_store, setId, cancellationToken).ConfigureAwait(false);
            return SegmentSummary.FromManifest(reader.Manifest);
        }
        catch (ArtifactSetIncompleteException)
        {
            return null;
        }
    }

    private static async Task<(BinlogCoordinates End, long DataBytes, long TotalBytes)> ReadSourceAsync(ServerConnection source, BinlogCoordinates start, CancellationToken cancellationToken)
    {
        var connection = source.CreateConnection();
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            string file;
            long position;
            var status = new MySqlCommand("SHOW MASTER STATUS", connection);
            await using (status.ConfigureAwait(false))
            {
                var reader = await status.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw new SegmentCaptureException($"The server at {source.Endpoint} has no binary log (SHOW MASTER STATUS is empty): incremental backups need log_bin. Take full backups instead.");
                    }

                    file = reader.GetString(0);
                    position = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            // The binlog bytes between start and end, for progress: the sizes of the files in between.
            long totalBytes = 0;
            var logs = new MySqlCommand("SHOW BINARY LOGS", connection);
            await using (logs.ConfigureAwait(false))
            {
                var reader = await logs.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var name = reader.GetString(0);
                        var length = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                        var from = string.Equals(name, start.File, StringComparison.Ordinal) ? start.Position : 0;
                        var to = string.Equals(name, file, StringComparison.Ordinal) ? position : length;
                        if (string.CompareOrdinal(name, start.File) >= 0 && string.CompareOrdinal(name, file) <= 0 && to > from)
                        {
                            totalBytes += to - from;
                        }
                    }
                }
            }

            var size = new MySqlCommand(
                $"SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ({SqlText.SystemSchemaList})",
                connection);
            await using (size.ConfigureAwait(false))
            {
                // Not cancelled on the server, as SnapshotSession.ReadCatalogRowsAsync explains: a killed information_schema query can crash MariaDB.
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = Convert.ToInt64(await size.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                return (new BinlogCoordinates(file, position, string.Empty), bytes, totalBytes);
            }
        }
    }

    private async Task<SegmentCaptureState> StreamAsync(
        ServerConnection source, string setId, SegmentCaptureProgressStore progress, (SegmentCaptureState State, Azure.ETag ETag) recorded, SegmentCaptureOptions options, CancellationToken cancellationToken)
    {
        var clientOptions = new BinlogClientOptions
        {
            Host = source.Host,
            Port = source.Port,
            User = source.User,
            Password = source.Password,
            TlsMode = source.UseTls ? BinlogTlsMode.VerifyFull : BinlogTlsMode.Disabled,
            TlsCaCertificatePem = source.UseTls ? source.CaCertificatePem : null,

            // A replica id of its own per attempt (high range, away from the fleet's): the server ends an older dump
            // with the same id, and two attempts of one step running at once must not end each other's.
            ServerId = 0x40000000u | (uint)Random.Shared.Next(0, 0x3FFFFFFF),
            ReadTimeout = options.ReadTimeout,
        };

        var (state, etag) = recorded;
        var counts = new CaptureState(state);
        var start = new BinlogCoordinates(state.StartFile, state.StartPosition, state.StartGtidSet);
        using var part = new PartBuffer();
        var reachedEnd = false;
        long bytesRead = 0;

        // Records the artifact being filled as stored for good, ending at the binlog position `after`.
        async Task RecordAsync(BinlogPosition after)
        {
            var artifact = await part.FlushAsync(_store, setId, SegmentFormat.PartArtifact(state.Parts.Count), cancellationToken).ConfigureAwait(false);
            var next = counts.Snapshot(state) with { Parts = [.. state.Parts, artifact], ResumeFile = after.FileName ?? state.ResumeFile, ResumePosition = after.Position };
            etag = await progress.ReplaceAsync(next, etag, artifact, cancellationToken).ConfigureAwait(false);
            state = next;
            options.Progress?.Report(new SegmentCaptureProgress(state.BinlogBytes, state.TotalBytes, bytesRead, state.Parts.Count));
        }

        try
        {
            var client = await BinlogClient.ConnectAsync(clientOptions, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var read = new BinlogReadOptions { StopAtEnd = true, IncludeAnnotateRows = false };
                BinlogPosition? before = null;
                await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AtPosition(state.ResumeFile, state.ResumePosition), read, cancellationToken).ConfigureAwait(false))
                {
                    bytesRead += binlogEvent.Data.Length;
                    switch (binlogEvent)
                    {
                        case FormatDescriptionEvent description:
                            part.FormatDescription = description.Data.ToArray();
                            break;
                        case RotateEvent or GtidListEvent or HeartbeatEvent or StopEvent or AnnotateRowsEvent:
                            break;
                        case { EventType: BinlogEventType.BinlogCheckpoint }:
                            break;
                        default:
                            if (SegmentEventSupport.Refusal(binlogEvent) is { } refusal)
                            {
                                throw new SegmentCaptureException(refusal);
                            }

                            if (binlogEvent is QueryEvent query && options.StatementRefusal?.Invoke(query) is { } refused)
                            {
                                throw new SegmentCaptureException(refused);
                            }

                            if (binlogEvent is MariaDbGtidEvent gtid)
                            {
                                // A group boundary: close a full artifact here, never inside a transaction. It ends
                                // where the event before this one ended: a resumed capture reads from there.
                                if (part.Length >= options.ArtifactBytes && before is { } boundary)
                                {
                                    await RecordAsync(boundary).ConfigureAwait(false);
                                }

                                counts.Advance(gtid.Gtid);
                            }

                            part.Append(binlogEvent.Data.Span);
                            counts.Count(binlogEvent);
                            break;
                    }

                    before = client.Position;
                    if (client.Position is { } position && position.Position > 4 && Compare(position.FileName, position.Position, state.EndFile, state.EndPosition) >= 0)
                    {
                        reachedEnd = true;
                        break;
                    }
                }
            }
        }
        catch (BinlogPurgedException ex)
        {
            throw new SegmentCaptureException(
                $"The binlog this incremental backup needs (from {start.File}:{start.Position}, GTID {EmptyAsNone(start.GtidSet)}) was purged from the server, so the changes since the parent backup are lost to the chain. Take a full backup to start a new chain.",
                ex);
        }

        if (!reachedEnd)
        {
            throw new InvalidOperationException($"The source's binlog stream ended at {(part.Length > 0 ? "a point" : "the start")} before the capture's end {state.EndFile}:{state.EndPosition}; try the backup again.");
        }

        var end = new BinlogPosition(state.EndFile, state.EndPosition);
        if (part.Length > 0)
        {
            await RecordAsync(end).ConfigureAwait(false);
        }
        else if (state.ResumeFile != end.FileName || state.ResumePosition != end.Position)
        {
            // Only left-out events since the last artifact: the counts stand, the stream is done.
            var next = state with { ResumeFile = state.EndFile, ResumePosition = state.EndPosition };
            await progress.ReplaceAsync(next, etag, null, cancellationToken).ConfigureAwait(false);
            state = next;
        }

        return state;
    }

    private static string EmptyAsNone(string gtid) => gtid.Length == 0 ? "(none)" : gtid;

    /// <summary>Orders binlog coordinates: files by name (the server numbers them with a fixed width), then position.</summary>
    private static int Compare(string fileA, long positionA, string fileB, long positionB)
    {
        var files = string.CompareOrdinal(fileA, fileB);
        return files != 0 ? files : positionA.CompareTo(positionB);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Captured segment {SetId}: {StartFile}:{StartPosition} to {EndFile}:{EndPosition}, {Transactions} transactions, {BinlogBytes} binlog bytes, {StoredBytes} stored; {DiscardedBytes} stored by interrupted attempts and discarded")]
    private static partial void LogCaptured(ILogger logger, string setId, string startFile, long startPosition, string endFile, long endPosition, long transactions, long binlogBytes, long storedBytes, long discardedBytes);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Resuming the capture of segment {SetId} after {Parts} stored artifacts ({BinlogBytes} binlog bytes), from {ResumeFile}:{ResumePosition}")]
    private static partial void LogResumed(ILogger logger, string setId, int parts, long binlogBytes, string resumeFile, long resumePosition);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Another attempt of the capture of segment {SetId} stored an artifact first; continuing after it")]
    private static partial void LogOvertaken(ILogger logger, string setId);

    /// <summary>The artifact being filled: the binlog magic, the format description, whole event groups.</summary>
    private sealed class PartBuffer : IDisposable
    {
        private readonly MemoryStream _events = new();
        public byte[]? FormatDescription { get; set; }

        public long Length => _events.Length;

        public void Dispose() => _events.Dispose();

        public void Append(ReadOnlySpan<byte> data) => _events.Write(data);

        public async Task<ArtifactDescriptor> FlushAsync(ArtifactStore store, string setId, string name, CancellationToken cancellationToken)
        {
            var description = FormatDescription ?? throw new InvalidOperationException("The binlog stream sent events before its format description.");
            using var artifact = new MemoryStream((int)_events.Length + description.Length + 4);
            artifact.Write(BinlogFileReader.Magic);
            artifact.Write(description);
            _events.Position = 0;
            await _events.CopyToAsync(artifact, cancellationToken).ConfigureAwait(false);
            artifact.Position = 0;
            var stored = await store.WriteAsync(setId, name, artifact, cancellationToken).ConfigureAwait(false);
            _events.SetLength(0);
            return stored;
        }
    }

    /// <summary>What the capture has seen: counts, times, and the GTID position per replication domain.</summary>
    private sealed class CaptureState(SegmentCaptureState recorded)
    {
        private readonly SortedDictionary<uint, MariaDbGtid> _gtids = new(MariaDbGtid.ParsePosition(recorded.GtidPosition).ToDictionary(g => g.DomainId));

        public long Events { get; private set; } = recorded.Events;

        public long Transactions { get; private set; } = recorded.Transactions;

        public long Bytes { get; private set; } = recorded.BinlogBytes;

        public DateTimeOffset? FirstEventAt { get; private set; } = recorded.FirstEventAt;

        public DateTimeOffset? LastEventAt { get; private set; } = recorded.LastEventAt;

        public SegmentCaptureState Snapshot(SegmentCaptureState state) => state with
        {
            GtidPosition = MariaDbGtid.FormatPosition(_gtids.Values),
            Events = Events,
            Transactions = Transactions,
            BinlogBytes = Bytes,
            FirstEventAt = FirstEventAt,
            LastEventAt = LastEventAt,
        };

        public void Advance(MariaDbGtid gtid)
        {
            _gtids[gtid.DomainId] = gtid;
            Transactions++;
        }

        public void Count(BinlogEvent binlogEvent)
        {
            Events++;
            Bytes += binlogEvent.Data.Length;
            var time = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32LittleEndian(binlogEvent.Data.Span));
            FirstEventAt ??= time;
            LastEventAt = LastEventAt is { } last && last > time ? last : time;
        }
    }
}
