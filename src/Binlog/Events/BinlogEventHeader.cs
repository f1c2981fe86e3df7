using System.Buffers.Binary;

namespace Serverless.Binlog.Events;

/// <summary>
/// The 19-byte header of a binlog v4 event (shared reference §4.1).
/// </summary>
/// <param name="Timestamp">Seconds since the Unix epoch when the statement started (not strictly increasing).</param>
/// <param name="EventType">The event's type.</param>
/// <param name="ServerId">The server that wrote the event first.</param>
/// <param name="EventSize">The whole event's size: header, body and checksum.</param>
/// <param name="NextPosition">The offset in the source's binlog file just after this event (0 on some artificial events).</param>
/// <param name="Flags">The header flags.</param>
public readonly record struct BinlogEventHeader(
    uint Timestamp,
    BinlogEventType EventType,
    uint ServerId,
    uint EventSize,
    uint NextPosition,
    BinlogEventFlags Flags)
{
    /// <summary>The header's size in binlog v4.</summary>
    public const int Size = 19;

    /// <summary>The timestamp as a point in time.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    /// <summary>Parses the first 19 bytes of an event.</summary>
    /// <param name="data">The event's bytes (at least the header).</param>
    /// <returns>The header.</returns>
    /// <exception cref="BinlogProtocolException">Fewer than 19 bytes, or a size smaller than the header.</exception>
    public static BinlogEventHeader Create(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            throw new BinlogProtocolException($"A binlog event of {data.Length} bytes is shorter than its 19-byte header.");
        }

        var header = new BinlogEventHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(data),
            (BinlogEventType)data[4],
            BinaryPrimitives.ReadUInt32LittleEndian(data[5..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[9..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[13..]),
            (BinlogEventFlags)BinaryPrimitives.ReadUInt16LittleEndian(data[17..]));
        if (header.EventSize < Size)
        {
            throw new BinlogProtocolException($"A {header.EventType} event declares {header.EventSize} bytes, less than its header.");
        }

        return header;
    }
}
