using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace Serverless.Binlog.Events;

/// <summary>
/// Turns raw events into typed <see cref="BinlogEvent"/>s, one event at a time and in binlog order, verifying each
/// event's CRC32. It keeps what later events depend on: the latest <see cref="FormatDescriptionEvent"/> (layouts and
/// checksum algorithm) and the table maps by table id. <see cref="BinlogClient"/> and <see cref="BinlogFileReader"/>
/// each use one; use one directly to parse events kept elsewhere (for example, a stored segment).
/// </summary>
public sealed class BinlogEventParser
{
    private const int ChecksumLength = 4;

    // Post-header lengths of a MariaDB 10.11 / MySQL 8 format description, for events before any FDE (shared reference §4.3).
    private const int DefaultQueryPostHeader = 13;
    private const int DefaultTableIdPostHeader = 8;
    private const int DefaultRowsV2PostHeader = 10;

    private readonly Dictionary<ulong, TableMapEvent> _tableMaps = [];
    private BinlogChecksumAlgorithm _checksum;

    /// <summary>Creates a parser.</summary>
    /// <param name="checksumBeforeFormatDescription">
    /// Whether events before the first format description carry a CRC32: true for a dump from a server whose
    /// <c>binlog_checksum</c> is CRC32 (its first event, an artificial rotate, has one); irrelevant for a file.
    /// </param>
    public BinlogEventParser(BinlogChecksumAlgorithm checksumBeforeFormatDescription = BinlogChecksumAlgorithm.None)
    {
        _checksum = checksumBeforeFormatDescription;
    }

    /// <summary>The latest format description parsed, or null before the first.</summary>
    public FormatDescriptionEvent? FormatDescription { get; private set; }

    /// <summary>Finds the latest table map of <paramref name="tableId"/>.</summary>
    /// <param name="tableId">The table id of a rows event.</param>
    /// <param name="tableMap">The table map, if one was parsed.</param>
    /// <returns>True when one was found.</returns>
    public bool TryGetTableMap(ulong tableId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TableMapEvent? tableMap) =>
        _tableMaps.TryGetValue(tableId, out tableMap);

    /// <summary>Parses one whole event (header, body and checksum).</summary>
    /// <param name="data">The event's bytes; the returned event refers to them (see <see cref="BinlogEvent"/>).</param>
    /// <param name="position">Where the event starts in its file or stream, for messages; null when unknown.</param>
    /// <returns>The typed event, or an <see cref="UnknownEvent"/> for types this reader does not parse.</returns>
    /// <exception cref="BinlogChecksumException">The event's CRC32 does not match its bytes.</exception>
    /// <exception cref="BinlogProtocolException">The event is truncated or malformed.</exception>
    public BinlogEvent Parse(ReadOnlyMemory<byte> data, long? position = null)
    {
        var span = data.Span;
        var header = BinlogEventHeader.Create(span);
        if (header.EventSize != span.Length)
        {
            throw new BinlogProtocolException($"The {header.EventType} event{At(position)} declares {header.EventSize} bytes but {span.Length} were read.");
        }

        if (header.EventType == BinlogEventType.FormatDescription)
        {
            var format = FormatDescriptionEvent.Create(header, span);
            if (format.ChecksumAlgorithm == BinlogChecksumAlgorithm.Crc32)
            {
                Verify(header, span, position);
            }

            FormatDescription = format;
            _checksum = format.ChecksumAlgorithm;
            _tableMaps.Clear();
            return format;
        }

        var bodyLength = span.Length - BinlogEventHeader.Size;
        if (_checksum == BinlogChecksumAlgorithm.Crc32)
        {
            if (bodyLength < ChecksumLength)
            {
                throw new BinlogProtocolException($"The {header.EventType} event{At(position)} is too short to hold its checksum.");
            }

            Verify(header, span, position);
            bodyLength -= ChecksumLength;
        }

        var body = data.Slice(BinlogEventHeader.Size, bodyLength);
        try
        {
            return ParseBody(header, data, body);
        }
        catch (BinlogProtocolException ex)
        {
            throw new BinlogProtocolException($"The {header.EventType} event{At(position)} cannot be parsed: {ex.Message}", ex);
        }
    }

    private BinlogEvent ParseBody(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> body)
    {
        var type = header.EventType;
        switch (type)
        {
            case BinlogEventType.Query or BinlogEventType.QueryCompressed:
                return QueryEvent.Create(header, data, body, PostHeaderLength(type, DefaultQueryPostHeader));
            case BinlogEventType.Stop:
                return StopEvent.Create(header, data);
            case BinlogEventType.Rotate:
                return RotateEvent.Create(header, data, body.Span);
            case BinlogEventType.Xid:
                return XidEvent.Create(header, data, body.Span);
            case BinlogEventType.TableMap:
                var tableMap = TableMapEvent.Create(header, data.Span, BinlogEventHeader.Size, body.Length, PostHeaderLength(type, DefaultTableIdPostHeader));
                _tableMaps[tableMap.TableId] = tableMap;
                return tableMap;
            case BinlogEventType.Heartbeat or BinlogEventType.HeartbeatV2:
                return HeartbeatEvent.Create(header, data, body.Span);
            case BinlogEventType.Gtid or BinlogEventType.AnonymousGtid:
                return MySqlGtidEvent.Create(header, data, body.Span);
            case BinlogEventType.PreviousGtids:
                return PreviousGtidsEvent.Create(header, data, body.Span);
            case BinlogEventType.AnnotateRows:
                return AnnotateRowsEvent.Create(header, data, body);
            case BinlogEventType.MariaDbGtid:
                return MariaDbGtidEvent.Create(header, data, body.Span);
            case BinlogEventType.GtidList:
                return GtidListEvent.Create(header, data, body.Span);
            case var rows when RowsEvent.IsRowsEvent(rows):
                var fallback = rows is >= BinlogEventType.WriteRowsV2 and <= BinlogEventType.DeleteRowsV2 or >= BinlogEventType.WriteRowsCompressedV2
                    ? DefaultRowsV2PostHeader
                    : DefaultTableIdPostHeader;
                return RowsEvent.Create(header, data, body, PostHeaderLength(type, fallback));
            default:
                return UnknownEvent.Create(header, data, body);
        }
    }

    private int PostHeaderLength(BinlogEventType type, int fallback) => FormatDescription?.PostHeaderLength(type, fallback) ?? fallback;

    private static void Verify(BinlogEventHeader header, ReadOnlySpan<byte> span, long? position)
    {
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(span[^ChecksumLength..]);
        var actual = Crc32.HashToUInt32(span[..^ChecksumLength]);
        if (expected != actual)
        {
            throw new BinlogChecksumException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {header.EventType} event{At(position)} (ending at source position {header.NextPosition}) fails its CRC32 check: it carries 0x{expected:X8}, its bytes give 0x{actual:X8}. The binlog or its copy is corrupt; read it again from the source."),
                expected,
                actual);
        }
    }

    private static string At(long? position) =>
        position is { } p ? string.Create(CultureInfo.InvariantCulture, $" at offset {p}") : string.Empty;
}
