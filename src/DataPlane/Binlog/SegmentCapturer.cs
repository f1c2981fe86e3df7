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
    /// after completing it) is returned as it is; an incomplete one is written again.
    /// </summary>
    /// <returns>The segment's summary.</returns>
    /// <exception cref="SegmentCaptureException">The binlog from <paramref name="start"/> was purged from the source, or the stream ended early.</exception>
    public async Task<SegmentSummary> CaptureAsync(ServerConnection source, string setId, string parentId, BinlogCoordinates start, SegmentCaptureOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        if (await TryReadAsync(setId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        // A duplicate delivery of the capture (two at once after a host kill) waits for the first and then finds its set
        // complete, rather than writing the same set's parts under it.
        var guard = await ServerLock.AcquireAsync(source, $"serverless-capture:{setId}", TimeSpan.FromHours(6), cancellationToken).ConfigureAwait(false);
        await using (guard.ConfigureAwait(false))
        {
            return await TryReadAsync(setId, cancellationToken).ConfigureAwait(false)
                ?? await CaptureLockedAsync(source, setId, parentId, start, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SegmentSummary> CaptureLockedAsync(ServerConnection source, string setId, string parentId, BinlogCoordinates start, SegmentCaptureOptions options, CancellationToken cancellationToken)
    {
        var (end, dataBytes) = await ReadSourceAsync(source, cancellationToken).ConfigureAwait(false);
        var capturedAt = _store.Options.TimeProvider.GetUtcNow();
        if (Compare(end.File, end.Position, start.File, start.Position) < 0)
        {
            throw new SegmentCaptureException(
                $"The source's binlog is at {end.File}:{end.Position}, before the parent backup's end {start.File}:{start.Position}: the server's binlog was reset since the parent was taken. Take a full backup to start a new chain.");
        }

        var writer = new ArtifactSetWriter(_store, setId, capturedAt);
        var state = new CaptureState(start.GtidSet);
        if (Compare(end.File, end.Position, start.File, start.Position) > 0)
        {
            await StreamAsync(source, setId, start, end, options, writer, state, cancellationToken).ConfigureAwait(false);
        }

        writer.Properties[SegmentFormat.FormatVersionKey] = SegmentFormat.FormatNumber(SegmentFormat.Version);
        writer.Properties[SegmentFormat.ParentIdKey] = parentId;
        writer.Properties[SegmentFormat.StartFileKey] = start.File;
        writer.Properties[SegmentFormat.StartPositionKey] = SegmentFormat.FormatNumber(start.Position);
        writer.Properties[SegmentFormat.StartGtidSetKey] = start.GtidSet;
        writer.Properties[SegmentFormat.EndFileKey] = end.File;
        writer.Properties[SegmentFormat.EndPositionKey] = SegmentFormat.FormatNumber(end.Position);
        writer.Properties[SegmentFormat.EndGtidSetKey] = state.GtidPosition;
        writer.Properties[SegmentFormat.CapturedAtKey] = SegmentFormat.FormatTime(capturedAt);
        writer.Properties[SegmentFormat.EventsKey] = SegmentFormat.FormatNumber(state.Events);
        writer.Properties[SegmentFormat.TransactionsKey] = SegmentFormat.FormatNumber(state.Transactions);
        writer.Properties[SegmentFormat.BinlogBytesKey] = SegmentFormat.FormatNumber(state.Bytes);
        writer.Properties[SegmentFormat.DataBytesKey] = SegmentFormat.FormatNumber(dataBytes);
        if (state.FirstEventAt is { } first && state.LastEventAt is { } last)
        {
            writer.Properties[SegmentFormat.FirstEventTimeKey] = SegmentFormat.FormatTime(first);
            writer.Properties[SegmentFormat.LastEventTimeKey] = SegmentFormat.FormatTime(last);
        }

        var manifest = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var summary = SegmentSummary.FromManifest(manifest);
        LogCaptured(_logger, setId, start.File, start.Position, end.File, end.Position, summary.Transactions, summary.BinlogBytes, summary.StoredBytes);
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

    private static async Task<(BinlogCoordinates End, long DataBytes)> ReadSourceAsync(ServerConnection source, CancellationToken cancellationToken)
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

            var size = new MySqlCommand(
                $"SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ({SqlText.SystemSchemaList})",
                connection);
            await using (size.ConfigureAwait(false))
            {
                var bytes = Convert.ToInt64(await size.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                return (new BinlogCoordinates(file, position, string.Empty), bytes);
            }
        }
    }

    private static async Task StreamAsync(
        ServerConnection source, string setId, BinlogCoordinates start, BinlogCoordinates end, SegmentCaptureOptions options, ArtifactSetWriter writer, CaptureState state, CancellationToken cancellationToken)
    {
        var clientOptions = new BinlogClientOptions
        {
            Host = source.Host,
            Port = source.Port,
            User = source.User,
            Password = source.Password,
            TlsMode = source.UseTls ? BinlogTlsMode.VerifyFull : BinlogTlsMode.Disabled,
            TlsCaCertificatePem = source.UseTls ? source.CaCertificatePem : null,

            // A replica id of its own per capture (high range, away from the fleet's): the server ends an older dump with the same id.
            ServerId = 0x40000000u | (uint)(StableHash(setId) & 0x3FFFFFFF),
            ReadTimeout = options.ReadTimeout,
        };

        using var part = new PartBuffer();
        var reachedEnd = false;
        try
        {
            var client = await BinlogClient.ConnectAsync(clientOptions, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var read = new BinlogReadOptions { StopAtEnd = true, IncludeAnnotateRows = false };
                await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AtPosition(start.File, start.Position), read, cancellationToken).ConfigureAwait(false))
                {
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
                            if (binlogEvent is MariaDbGtidEvent gtid)
                            {
                                // A group boundary: close a full artifact here, never inside a transaction.
                                if (part.Length >= options.ArtifactBytes)
                                {
                                    await part.FlushAsync(writer, cancellationToken).ConfigureAwait(false);
                                }

                                state.Advance(gtid.Gtid);
                            }

                            part.Append(binlogEvent.Data.Span);
                            state.Count(binlogEvent);
                            break;
                    }

                    if (client.Position is { } position && position.Position > 4 && Compare(position.FileName, position.Position, end.File, end.Position) >= 0)
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
            throw new InvalidOperationException($"The source's binlog stream ended at {(part.Length > 0 ? "a point" : "the start")} before the capture's end {end.File}:{end.Position}; try the backup again.");
        }

        if (part.Length > 0)
        {
            await part.FlushAsync(writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string EmptyAsNone(string gtid) => gtid.Length == 0 ? "(none)" : gtid;

    /// <summary>Orders binlog coordinates: files by name (the server numbers them with a fixed width), then position.</summary>
    private static int Compare(string fileA, long positionA, string fileB, long positionB)
    {
        var files = string.CompareOrdinal(fileA, fileB);
        return files != 0 ? files : positionA.CompareTo(positionB);
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Captured segment {SetId}: {StartFile}:{StartPosition} to {EndFile}:{EndPosition}, {Transactions} transactions, {BinlogBytes} binlog bytes, {StoredBytes} stored")]
    private static partial void LogCaptured(ILogger logger, string setId, string startFile, long startPosition, string endFile, long endPosition, long transactions, long binlogBytes, long storedBytes);

    /// <summary>The artifact being filled: the binlog magic, the format description, whole event groups.</summary>
    private sealed class PartBuffer : IDisposable
    {
        private readonly MemoryStream _events = new();
        private int _index;

        public byte[]? FormatDescription { get; set; }

        public long Length => _events.Length;

        public void Dispose() => _events.Dispose();

        public void Append(ReadOnlySpan<byte> data) => _events.Write(data);

        public async Task FlushAsync(ArtifactSetWriter writer, CancellationToken cancellationToken)
        {
            var description = FormatDescription ?? throw new InvalidOperationException("The binlog stream sent events before its format description.");
            using var artifact = new MemoryStream((int)_events.Length + description.Length + 4);
            artifact.Write(BinlogFileReader.Magic);
            artifact.Write(description);
            _events.Position = 0;
            await _events.CopyToAsync(artifact, cancellationToken).ConfigureAwait(false);
            artifact.Position = 0;
            await writer.AddAsync(SegmentFormat.PartArtifact(_index++), artifact, cancellationToken).ConfigureAwait(false);
            _events.SetLength(0);
        }
    }

    /// <summary>What the capture has seen: counts, times, and the GTID position per replication domain.</summary>
    private sealed class CaptureState(string startGtids)
    {
        private readonly SortedDictionary<uint, MariaDbGtid> _gtids = new(MariaDbGtid.ParsePosition(startGtids).ToDictionary(g => g.DomainId));

        public long Events { get; private set; }

        public long Transactions { get; private set; }

        public long Bytes { get; private set; }

        public DateTimeOffset? FirstEventAt { get; private set; }

        public DateTimeOffset? LastEventAt { get; private set; }

        public string GtidPosition => MariaDbGtid.FormatPosition(_gtids.Values);

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
