using System.Buffers.Binary;
using System.Text;
using Serverless.Binlog.Protocol;
using Serverless.Binlog.Rows;

namespace Serverless.Binlog.Events;

/// <summary>
/// TABLE_MAP (19): binds a table id to a table and its column types for the row events that follow (shared reference
/// §4.5): <c>int&lt;6&gt; table_id</c> · <c>int&lt;2&gt; flags</c> · <c>int&lt;1&gt; len</c> database <c>00</c> ·
/// <c>int&lt;1&gt; len</c> table <c>00</c> · <c>lenenc ncols</c> · <c>types[ncols]</c> · <c>lenenc meta_len</c> +
/// metadata · nullable bitmap · [optional metadata with binlog_row_metadata=FULL]. Owns its bytes, because the row
/// events after it are decoded with it.
/// </summary>
public sealed class TableMapEvent : BinlogEvent
{
    private readonly ColumnType[] _columnTypes;
    private readonly ushort[] _columnMetadata;
    private readonly byte[] _nullableColumns;

    private TableMapEvent(
        BinlogEventHeader header,
        ReadOnlyMemory<byte> data,
        ulong tableId,
        ushort flags,
        string databaseName,
        string tableName,
        ColumnType[] columnTypes,
        ushort[] columnMetadata,
        byte[] nullableColumns,
        ReadOnlyMemory<byte> optionalMetadata)
        : base(header, data)
    {
        TableId = tableId;
        Flags = flags;
        DatabaseName = databaseName;
        TableName = tableName;
        _columnTypes = columnTypes;
        _columnMetadata = columnMetadata;
        _nullableColumns = nullableColumns;
        OptionalMetadata = optionalMetadata;
    }

    /// <summary>The id the row events use for this table; valid only until the next table map of the same id.</summary>
    public ulong TableId { get; }

    /// <summary>The table map's flags.</summary>
    public ushort Flags { get; }

    /// <summary>The table's database.</summary>
    public string DatabaseName { get; }

    /// <summary>The table's name.</summary>
    public string TableName { get; }

    /// <summary>The number of columns.</summary>
    public int ColumnCount => _columnTypes.Length;

    /// <summary>The binlog type of each column. ENUM and SET appear as <see cref="ColumnType.String"/>; see <see cref="GetRealType"/>.</summary>
    public ReadOnlySpan<ColumnType> ColumnTypes => _columnTypes;

    /// <summary>
    /// Each column's type metadata, decoded to one number: the length-byte count of BLOBs, JSON and GEOMETRY; the
    /// maximum byte length of VARCHAR; <c>precision &lt;&lt; 8 | scale</c> for DECIMAL; <c>bytes &lt;&lt; 8 | bits</c>
    /// for BIT; <c>real_type &lt;&lt; 8 | length</c> for STRING/ENUM/SET; the fractional digits of TIME2, DATETIME2
    /// and TIMESTAMP2; the size of FLOAT and DOUBLE; 0 otherwise.
    /// </summary>
    public ReadOnlySpan<ushort> ColumnMetadata => _columnMetadata;

    /// <summary>The bitmap of columns that may be NULL (bit i of byte i/8).</summary>
    public ReadOnlySpan<byte> NullableColumns => _nullableColumns;

    /// <summary>The optional metadata (column names, signedness, charsets…) that binlog_row_metadata=FULL adds; raw TLV.</summary>
    public ReadOnlyMemory<byte> OptionalMetadata { get; }

    /// <summary>Whether column <paramref name="index"/> may be NULL.</summary>
    /// <param name="index">Zero-based column index.</param>
    /// <returns>True when the column is nullable.</returns>
    public bool IsNullable(int index) => (_nullableColumns[index >> 3] & (1 << (index & 7))) != 0;

    /// <summary>The column's type with ENUM, SET and the real CHAR type taken from the STRING metadata.</summary>
    /// <param name="index">Zero-based column index.</param>
    /// <returns>The type the values are stored as.</returns>
    public ColumnType GetRealType(int index)
    {
        var type = _columnTypes[index];
        if (type == ColumnType.String)
        {
            var real = (ColumnType)(_columnMetadata[index] >> 8);
            if (real is ColumnType.Enum or ColumnType.Set)
            {
                return real;
            }
        }

        return type;
    }

    internal static TableMapEvent Create(BinlogEventHeader header, ReadOnlySpan<byte> data, int bodyOffset, int bodyLength, int postHeaderLength)
    {
        var owned = data.ToArray();
        var reader = new PayloadReader(owned.AsSpan(bodyOffset, bodyLength));
        var tableId = ReadTableId(ref reader, postHeaderLength);
        var flags = reader.ReadUInt16();
        var database = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadByte()));
        reader.Skip(1);
        var table = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadByte()));
        reader.Skip(1);
        var columnCount = CheckedCount(reader.ReadLengthEncodedInteger(), reader.Remaining);
        var types = new ColumnType[columnCount];
        var typeBytes = reader.ReadBytes(columnCount);
        for (var i = 0; i < columnCount; i++)
        {
            types[i] = (ColumnType)typeBytes[i];
        }

        var metadataLength = CheckedCount(reader.ReadLengthEncodedInteger(), reader.Remaining);
        var metadata = DecodeMetadata(types, reader.ReadBytes(metadataLength));
        var nullable = reader.ReadBytes((columnCount + 7) / 8).ToArray();
        var optionalStart = bodyOffset + reader.Offset;
        return new TableMapEvent(header, owned, tableId, flags, database, table, types, metadata, nullable, owned.AsMemory(optionalStart, bodyLength - reader.Offset));
    }

    /// <summary>Table ids are 6 bytes since MySQL 5.1.4; a 6-byte post-header (4-byte id) marks the old layout.</summary>
    internal static ulong ReadTableId(ref PayloadReader reader, int postHeaderLength)
    {
        if (postHeaderLength == 6)
        {
            return reader.ReadUInt32();
        }

        var bytes = reader.ReadBytes(6);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) << 32);
    }

    internal static int CheckedCount(ulong value, int remaining)
    {
        if (value > (ulong)remaining)
        {
            throw new BinlogProtocolException($"A count of {value} overruns the {remaining} bytes left in the event.");
        }

        return (int)value;
    }

    /// <summary>Per-type metadata sizes and byte orders, after MySQL's <c>Table_map_log_event</c> (log_event.cc).</summary>
    private static ushort[] DecodeMetadata(ColumnType[] types, ReadOnlySpan<byte> metadata)
    {
        var result = new ushort[types.Length];
        var offset = 0;
        for (var i = 0; i < types.Length; i++)
        {
            switch (types[i])
            {
                case ColumnType.Float or ColumnType.Double or ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob
                    or ColumnType.LongBlob or ColumnType.Json or ColumnType.Geometry or ColumnType.Timestamp2
                    or ColumnType.DateTime2 or ColumnType.Time2:
                    Require(metadata, offset, 1);
                    result[i] = metadata[offset];
                    offset += 1;
                    break;
                case ColumnType.VarChar or ColumnType.VarString:
                    Require(metadata, offset, 2);
                    result[i] = BinaryPrimitives.ReadUInt16LittleEndian(metadata[offset..]);
                    offset += 2;
                    break;
                case ColumnType.Bit:
                    Require(metadata, offset, 2);
                    result[i] = (ushort)((metadata[offset + 1] << 8) | metadata[offset]);
                    offset += 2;
                    break;
                case ColumnType.NewDecimal or ColumnType.String or ColumnType.Enum or ColumnType.Set:
                    Require(metadata, offset, 2);
                    result[i] = (ushort)((metadata[offset] << 8) | metadata[offset + 1]);
                    offset += 2;
                    break;
            }
        }

        return result;
    }

    private static void Require(ReadOnlySpan<byte> metadata, int offset, int count)
    {
        if (metadata.Length - offset < count)
        {
            throw new BinlogProtocolException($"The table map's column metadata ({metadata.Length} bytes) is shorter than its column types need.");
        }
    }
}
