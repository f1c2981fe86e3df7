using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Serverless.Binlog.Events;

namespace Serverless.Binlog.Rows;

/// <summary>
/// Decodes the row images of a rows event with its table map. Per row: a NULL bitmap over the present columns, then
/// each present non-NULL value in the binary layout of its type, as MySQL's <c>log_event.cc</c> and
/// <c>my_time.cc</c> write them (temporal types big-endian with offsets, DECIMAL in 9-digit groups).
/// </summary>
internal static class RowImageDecoder
{
    private const long TimeIntOffset = 0x800000;
    private const long TimePackedOffset = 0x800000000000;
    private const long DateTimeIntOffset = 0x8000000000;

    public static IReadOnlyList<RowChange> Decode(RowsEvent rows, TableMapEvent tableMap, ReadOnlyMemory<byte> images)
    {
        if (rows.ColumnCount != tableMap.ColumnCount)
        {
            throw new BinlogProtocolException($"The rows event has {rows.ColumnCount} columns but table map {tableMap.DatabaseName}.{tableMap.TableName} has {tableMap.ColumnCount}.");
        }

        var data = images.Span;
        var offset = 0;
        var changes = new List<RowChange>();
        while (offset < data.Length)
        {
            var first = ReadImage(tableMap, rows.ColumnsPresent.Span, data, ref offset);
            switch (rows.Kind)
            {
                case RowsEventKind.Write:
                    changes.Add(new RowChange(null, first));
                    break;
                case RowsEventKind.Delete:
                    changes.Add(new RowChange(first, null));
                    break;
                default:
                    changes.Add(new RowChange(first, ReadImage(tableMap, rows.ColumnsPresentAfter.Span, data, ref offset)));
                    break;
            }
        }

        return changes;
    }

    private static RowImage ReadImage(TableMapEvent map, ReadOnlySpan<byte> presentBitmap, ReadOnlySpan<byte> data, ref int offset)
    {
        var count = map.ColumnCount;
        var present = new bool[count];
        var presentCount = 0;
        for (var i = 0; i < count; i++)
        {
            present[i] = (presentBitmap[i >> 3] & (1 << (i & 7))) != 0;
            presentCount += present[i] ? 1 : 0;
        }

        var nulls = Take(data, ref offset, (presentCount + 7) / 8);
        var values = new object?[count];
        var nullIndex = 0;
        for (var i = 0; i < count; i++)
        {
            if (!present[i])
            {
                continue;
            }

            var isNull = (nulls[nullIndex >> 3] & (1 << (nullIndex & 7))) != 0;
            nullIndex++;
            if (!isNull)
            {
                values[i] = ReadValue(map.ColumnTypes[i], map.ColumnMetadata[i], data, ref offset, map, i);
            }
        }

        return new RowImage(values, present);
    }

    private static object ReadValue(ColumnType type, ushort metadata, ReadOnlySpan<byte> data, ref int offset, TableMapEvent map, int column)
    {
        switch (type)
        {
            case ColumnType.Tiny:
                return (long)(sbyte)Take(data, ref offset, 1)[0];
            case ColumnType.Short:
                return (long)BinaryPrimitives.ReadInt16LittleEndian(Take(data, ref offset, 2));
            case ColumnType.Int24:
                var medium = Take(data, ref offset, 3);
                return (long)((medium[0] | (medium[1] << 8) | (medium[2] << 16)) << 8 >> 8);
            case ColumnType.Long:
                return (long)BinaryPrimitives.ReadInt32LittleEndian(Take(data, ref offset, 4));
            case ColumnType.LongLong:
                return BinaryPrimitives.ReadInt64LittleEndian(Take(data, ref offset, 8));
            case ColumnType.Float:
                return BinaryPrimitives.ReadSingleLittleEndian(Take(data, ref offset, 4));
            case ColumnType.Double:
                return BinaryPrimitives.ReadDoubleLittleEndian(Take(data, ref offset, 8));
            case ColumnType.Year:
                var year = Take(data, ref offset, 1)[0];
                return year == 0 ? 0L : 1900L + year;
            case ColumnType.NewDecimal:
                return ReadDecimal(metadata >> 8, metadata & 0xFF, data, ref offset);
            case ColumnType.Date:
                var date = Take(data, ref offset, 3);
                var packedDate = date[0] | (date[1] << 8) | (date[2] << 16);
                return Invariant($"{packedDate >> 9:D4}-{(packedDate >> 5) & 15:D2}-{packedDate & 31:D2}");
            case ColumnType.Time:
                var time = Take(data, ref offset, 3);
                var hhmmss = (time[0] | (time[1] << 8) | (time[2] << 16)) << 8 >> 8;
                var sign = hhmmss < 0 ? "-" : string.Empty;
                hhmmss = Math.Abs(hhmmss);
                return Invariant($"{sign}{hhmmss / 10000:D2}:{hhmmss / 100 % 100:D2}:{hhmmss % 100:D2}");
            case ColumnType.DateTime:
                var datetime = BinaryPrimitives.ReadInt64LittleEndian(Take(data, ref offset, 8));
                var ymd = datetime / 1000000;
                var hms = datetime % 1000000;
                return Invariant($"{ymd / 10000:D4}-{ymd / 100 % 100:D2}-{ymd % 100:D2} {hms / 10000:D2}:{hms / 100 % 100:D2}:{hms % 100:D2}");
            case ColumnType.Timestamp:
                return Invariant($"{BinaryPrimitives.ReadUInt32LittleEndian(Take(data, ref offset, 4))}");
            case ColumnType.Timestamp2:
                var seconds = BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref offset, 4));
                return Invariant($"{seconds}") + Fraction(ReadFraction(metadata, data, ref offset), metadata);
            case ColumnType.DateTime2:
                return ReadDateTime2(metadata, data, ref offset);
            case ColumnType.Time2:
                return ReadTime2(metadata, data, ref offset);
            case ColumnType.VarChar or ColumnType.VarString:
                return ReadLengthPrefixed(metadata < 256 ? 1 : 2, data, ref offset);
            case ColumnType.String:
                return ReadString(metadata, data, ref offset, map, column);
            case ColumnType.Enum:
                return ReadEnum(metadata & 0xFF, data, ref offset);
            case ColumnType.Set:
                return ReadUnsignedLittleEndian(Take(data, ref offset, metadata & 0xFF));
            case ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob or ColumnType.Json or ColumnType.Geometry:
                return ReadLengthPrefixed(metadata, data, ref offset);
            case ColumnType.Bit:
                var bytes = (metadata >> 8) + ((metadata & 0xFF) > 0 ? 1 : 0);
                return ReadUnsignedBigEndian(Take(data, ref offset, bytes));
            default:
                throw new BinlogProtocolException($"Column {column + 1} of {map.DatabaseName}.{map.TableName} has type {type}, which the row decoder does not support.");
        }
    }

    /// <summary>CHAR, BINARY, ENUM and SET share the STRING type; MySQL packs a length above 255 into the real type's byte.</summary>
    private static object ReadString(ushort metadata, ReadOnlySpan<byte> data, ref int offset, TableMapEvent map, int column)
    {
        var byte0 = metadata >> 8;
        var byte1 = metadata & 0xFF;
        int realType, maxLength;
        if ((byte0 & 0x30) != 0x30)
        {
            maxLength = byte1 | (((byte0 & 0x30) ^ 0x30) << 4);
            realType = byte0 | 0x30;
        }
        else
        {
            maxLength = byte1;
            realType = byte0;
        }

        return (ColumnType)realType switch
        {
            ColumnType.Enum => ReadEnum(byte1, data, ref offset),
            ColumnType.Set => ReadUnsignedLittleEndian(Take(data, ref offset, byte1)),
            ColumnType.String => ReadLengthPrefixed(maxLength < 256 ? 1 : 2, data, ref offset),
            _ => throw new BinlogProtocolException($"Column {column + 1} of {map.DatabaseName}.{map.TableName} has STRING metadata 0x{metadata:X4}, which names no known type."),
        };
    }

    private static int ReadEnum(int size, ReadOnlySpan<byte> data, ref int offset) =>
        size == 1 ? Take(data, ref offset, 1)[0] : BinaryPrimitives.ReadUInt16LittleEndian(Take(data, ref offset, 2));

    private static byte[] ReadLengthPrefixed(int lengthBytes, ReadOnlySpan<byte> data, ref int offset)
    {
        if (lengthBytes is < 1 or > 4)
        {
            throw new BinlogProtocolException($"A {lengthBytes}-byte length prefix is not valid.");
        }

        var length = (long)ReadUnsignedLittleEndian(Take(data, ref offset, lengthBytes));
        if (length > data.Length - offset)
        {
            throw new BinlogProtocolException($"A value of {length} bytes overruns the row image.");
        }

        return Take(data, ref offset, (int)length).ToArray();
    }

    /// <summary>DATETIME2: 5 bytes big-endian minus 0x8000000000 (year*13+month, day, hour, minute, second bit fields), then the fraction.</summary>
    private static string ReadDateTime2(ushort fsp, ReadOnlySpan<byte> data, ref int offset)
    {
        var packed = (long)ReadUnsignedBigEndian(Take(data, ref offset, 5)) - DateTimeIntOffset;
        var fraction = ReadFraction(fsp, data, ref offset);
        var ymd = packed >> 17;
        var ym = ymd >> 5;
        var hms = packed % (1 << 17);
        return Invariant($"{ym / 13:D4}-{ym % 13:D2}-{ymd % 32:D2} {hms >> 12:D2}:{(hms >> 6) % 64:D2}:{hms % 64:D2}") + Fraction(fraction, fsp);
    }

    /// <summary>TIME2: 3 bytes big-endian minus 0x800000 (hour, minute, second bit fields), then the fraction; negative times borrow.</summary>
    private static string ReadTime2(ushort fsp, ReadOnlySpan<byte> data, ref int offset)
    {
        long packed;
        switch (fsp)
        {
            case 5 or 6:
                packed = (long)ReadUnsignedBigEndian(Take(data, ref offset, 6)) - TimePackedOffset;
                break;
            default:
                long intPart = (long)ReadUnsignedBigEndian(Take(data, ref offset, 3)) - TimeIntOffset;
                long fraction = 0;
                if (fsp is 1 or 2)
                {
                    fraction = Take(data, ref offset, 1)[0];
                    if (intPart < 0 && fraction != 0)
                    {
                        intPart++;
                        fraction -= 0x100;
                    }

                    fraction *= 10000;
                }
                else if (fsp is 3 or 4)
                {
                    fraction = BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref offset, 2));
                    if (intPart < 0 && fraction != 0)
                    {
                        intPart++;
                        fraction -= 0x10000;
                    }

                    fraction *= 100;
                }

                packed = (intPart << 24) + fraction;
                break;
        }

        var sign = packed < 0 ? "-" : string.Empty;
        packed = Math.Abs(packed);
        var hms = packed >> 24;
        var micros = packed % (1 << 24);
        return Invariant($"{sign}{(hms >> 12) % (1 << 10):D2}:{(hms >> 6) % 64:D2}:{hms % 64:D2}") + Fraction(micros, fsp);
    }

    /// <summary>The fractional seconds of TIMESTAMP2 and DATETIME2, in microseconds: (fsp + 1) / 2 big-endian bytes.</summary>
    private static long ReadFraction(ushort fsp, ReadOnlySpan<byte> data, ref int offset) => fsp switch
    {
        1 or 2 => Take(data, ref offset, 1)[0] * 10000L,
        3 or 4 => (long)ReadUnsignedBigEndian(Take(data, ref offset, 2)) * 100,
        5 or 6 => (long)ReadUnsignedBigEndian(Take(data, ref offset, 3)),
        _ => 0,
    };

    private static string Fraction(long micros, ushort fsp) =>
        fsp == 0 ? string.Empty : "." + micros.ToString("D6", CultureInfo.InvariantCulture)[..fsp];

    /// <summary>
    /// DECIMAL(precision, scale): integer and fraction digits in groups of nine (4 bytes each, big-endian) with a
    /// shorter leading/trailing group; the first bit is flipped, and every byte inverted for negative numbers.
    /// </summary>
    private static string ReadDecimal(int precision, int scale, ReadOnlySpan<byte> data, ref int offset)
    {
        ReadOnlySpan<int> digitBytes = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];
        var integerDigits = precision - scale;
        var size = (integerDigits / 9 * 4) + digitBytes[integerDigits % 9] + (scale / 9 * 4) + digitBytes[scale % 9];
        var raw = Take(data, ref offset, size).ToArray();
        var negative = (raw[0] & 0x80) == 0;
        raw[0] ^= 0x80;
        if (negative)
        {
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = (byte)~raw[i];
            }
        }

        var text = new StringBuilder(precision + 2);
        if (negative)
        {
            text.Append('-');
        }

        var position = 0;
        var integer = new StringBuilder();
        var leading = integerDigits % 9;
        if (leading > 0)
        {
            integer.Append(ReadUnsignedBigEndian(raw.AsSpan(position, digitBytes[leading])).ToString(CultureInfo.InvariantCulture));
            position += digitBytes[leading];
        }

        for (var i = 0; i < integerDigits / 9; i++)
        {
            integer.Append(ReadUnsignedBigEndian(raw.AsSpan(position, 4)).ToString("D9", CultureInfo.InvariantCulture));
            position += 4;
        }

        var integerText = integer.ToString().TrimStart('0');
        text.Append(integerText.Length == 0 ? "0" : integerText);
        if (scale > 0)
        {
            text.Append('.');
            for (var i = 0; i < scale / 9; i++)
            {
                text.Append(ReadUnsignedBigEndian(raw.AsSpan(position, 4)).ToString("D9", CultureInfo.InvariantCulture));
                position += 4;
            }

            var trailing = scale % 9;
            if (trailing > 0)
            {
                text.Append(ReadUnsignedBigEndian(raw.AsSpan(position, digitBytes[trailing])).ToString("D" + trailing.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static ulong ReadUnsignedBigEndian(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static ulong ReadUnsignedLittleEndian(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int offset, int count)
    {
        if (count < 0 || data.Length - offset < count)
        {
            throw new BinlogProtocolException($"A row image is truncated: needed {count} bytes at offset {offset} of {data.Length}.");
        }

        var slice = data.Slice(offset, count);
        offset += count;
        return slice;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
