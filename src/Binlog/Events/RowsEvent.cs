using Serverless.Binlog.Protocol;
using Serverless.Binlog.Rows;

namespace Serverless.Binlog.Events;

/// <summary>
/// WRITE/UPDATE/DELETE_ROWS, version 1 (23–25, what MariaDB writes) or 2 (30–32, MySQL), and MariaDB's compressed
/// variants (166–171); shared reference §4.5: <c>int&lt;6&gt; table_id</c> · <c>int&lt;2&gt; flags</c> · [v2:
/// <c>int&lt;2&gt; extra_len</c> (counting itself) + extra] · <c>lenenc ncols</c> · columns-present bitmap (updates:
/// a second one for the after image) · row images. The images are decoded with the table map of
/// <see cref="TableId"/> through <see cref="GetRows"/>.
/// </summary>
public sealed class RowsEvent : BinlogEvent
{
    private RowsEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data)
        : base(header, data)
    {
    }

    /// <summary>Insert, update or delete.</summary>
    public RowsEventKind Kind { get; private init; }

    /// <summary>The rows event version: 1 or 2.</summary>
    public int Version { get; private init; }

    /// <summary>
    /// MariaDB's compressed row events (log_bin_compress): <see cref="RowImages"/> is then <c>0x80|n</c>, the
    /// uncompressed length in n big-endian bytes and a zlib stream, which <see cref="GetRows"/> inflates.
    /// </summary>
    public bool IsCompressed { get; private init; }

    /// <summary>The table, as mapped by the <see cref="TableMapEvent"/> before this event.</summary>
    public ulong TableId { get; private init; }

    /// <summary>The rows event flags.</summary>
    public RowsEventFlags Flags { get; private init; }

    /// <summary>Version 2's extra data (without its length field); empty for version 1. Valid until the next event is read.</summary>
    public ReadOnlyMemory<byte> ExtraData { get; private init; }

    /// <summary>The number of columns of the table.</summary>
    public int ColumnCount { get; private init; }

    /// <summary>The bitmap of the columns present in each (before) image. Valid until the next event is read.</summary>
    public ReadOnlyMemory<byte> ColumnsPresent { get; private init; }

    /// <summary>For updates, the bitmap of the columns present in each after image; otherwise empty.</summary>
    public ReadOnlyMemory<byte> ColumnsPresentAfter { get; private init; }

    /// <summary>The row images as stored (compressed when <see cref="IsCompressed"/>). Valid until the next event is read.</summary>
    public ReadOnlyMemory<byte> RowImages { get; private init; }

    /// <summary>Decodes the row images with the table map this event refers to.</summary>
    /// <param name="tableMap">The table map of <see cref="TableId"/> read before this event.</param>
    /// <returns>Each row: its (before) image and, for updates, its after image.</returns>
    /// <exception cref="ArgumentException">The table map is of another table id.</exception>
    /// <exception cref="BinlogProtocolException">An image does not fit the table's column types.</exception>
    public IReadOnlyList<RowChange> GetRows(TableMapEvent tableMap)
    {
        ArgumentNullException.ThrowIfNull(tableMap);
        if (tableMap.TableId != TableId)
        {
            throw new ArgumentException($"The table map is for table id {tableMap.TableId}, but the rows event refers to {TableId}.", nameof(tableMap));
        }

        var images = IsCompressed ? MariaDbCompression.Inflate(RowImages.Span) : RowImages;
        return RowImageDecoder.Decode(this, tableMap, images);
    }

    internal static RowsEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> body, int postHeaderLength)
    {
        var (kind, version, compressed) = Classify(header.EventType);
        var reader = new PayloadReader(body.Span);
        var tableId = TableMapEvent.ReadTableId(ref reader, postHeaderLength);
        var flags = (RowsEventFlags)reader.ReadUInt16();
        var extra = ReadOnlyMemory<byte>.Empty;
        if (version == 2)
        {
            var extraLength = reader.ReadUInt16();
            if (extraLength < 2)
            {
                throw new BinlogProtocolException($"A version 2 rows event has an extra data length of {extraLength}, below its own 2 bytes.");
            }

            extra = body.Slice(reader.Offset, extraLength - 2);
            reader.Skip(extraLength - 2);
        }

        var columnCount = TableMapEvent.CheckedCount(reader.ReadLengthEncodedInteger(), reader.Remaining * 8);
        var bitmapLength = (columnCount + 7) / 8;
        var present = body.Slice(reader.Offset, bitmapLength);
        reader.Skip(bitmapLength);
        var presentAfter = ReadOnlyMemory<byte>.Empty;
        if (kind == RowsEventKind.Update)
        {
            presentAfter = body.Slice(reader.Offset, bitmapLength);
            reader.Skip(bitmapLength);
        }

        return new RowsEvent(header, data)
        {
            Kind = kind,
            Version = version,
            IsCompressed = compressed,
            TableId = tableId,
            Flags = flags,
            ExtraData = extra,
            ColumnCount = columnCount,
            ColumnsPresent = present,
            ColumnsPresentAfter = presentAfter,
            RowImages = body[reader.Offset..],
        };
    }

    internal static bool IsRowsEvent(BinlogEventType type) => type is
        (>= BinlogEventType.WriteRowsV1 and <= BinlogEventType.DeleteRowsV1) or
        (>= BinlogEventType.WriteRowsV2 and <= BinlogEventType.DeleteRowsV2) or
        (>= BinlogEventType.WriteRowsCompressedV1 and <= BinlogEventType.DeleteRowsCompressedV2);

    private static (RowsEventKind Kind, int Version, bool Compressed) Classify(BinlogEventType type) => type switch
    {
        BinlogEventType.WriteRowsV1 => (RowsEventKind.Write, 1, false),
        BinlogEventType.UpdateRowsV1 => (RowsEventKind.Update, 1, false),
        BinlogEventType.DeleteRowsV1 => (RowsEventKind.Delete, 1, false),
        BinlogEventType.WriteRowsV2 => (RowsEventKind.Write, 2, false),
        BinlogEventType.UpdateRowsV2 => (RowsEventKind.Update, 2, false),
        BinlogEventType.DeleteRowsV2 => (RowsEventKind.Delete, 2, false),
        BinlogEventType.WriteRowsCompressedV1 => (RowsEventKind.Write, 1, true),
        BinlogEventType.UpdateRowsCompressedV1 => (RowsEventKind.Update, 1, true),
        BinlogEventType.DeleteRowsCompressedV1 => (RowsEventKind.Delete, 1, true),
        BinlogEventType.WriteRowsCompressedV2 => (RowsEventKind.Write, 2, true),
        BinlogEventType.UpdateRowsCompressedV2 => (RowsEventKind.Update, 2, true),
        BinlogEventType.DeleteRowsCompressedV2 => (RowsEventKind.Delete, 2, true),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a rows event type."),
    };
}
