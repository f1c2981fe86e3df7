using System.Buffers.Binary;

namespace Serverless.Binlog.Events;

/// <summary>
/// MariaDB GTID_LIST (163): the GTID state before this point (shared reference §4.3): <c>int&lt;4&gt;</c> whose low 28
/// bits count the entries (the high 4 are flags), then per entry <c>int&lt;4&gt; domain</c>, <c>int&lt;4&gt;
/// server_id</c>, <c>int&lt;8&gt; seq_no</c>. One follows the format description of each file; in a GTID dump the
/// server also sends artificial ones while it skips what the reader already has.
/// </summary>
public sealed class GtidListEvent : BinlogEvent
{
    private const int EntrySize = 16;

    private GtidListEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, IReadOnlyList<MariaDbGtid> gtids, byte flags)
        : base(header, data)
    {
        Gtids = gtids;
        Flags = flags;
    }

    /// <summary>The last GTID of each domain (and server) so far.</summary>
    public IReadOnlyList<MariaDbGtid> Gtids { get; }

    /// <summary>The high four bits of the count field.</summary>
    public byte Flags { get; }

    internal static GtidListEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlySpan<byte> body)
    {
        if (body.Length < 4)
        {
            throw new BinlogProtocolException($"A GTID list event body of {body.Length} bytes is too short.");
        }

        var countAndFlags = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var count = (int)(countAndFlags & 0x0FFFFFFF);
        if ((long)count * EntrySize > body.Length - 4)
        {
            throw new BinlogProtocolException($"A GTID list event names {count} GTIDs but has room for {(body.Length - 4) / EntrySize}.");
        }

        var gtids = new MariaDbGtid[count];
        for (var i = 0; i < count; i++)
        {
            var entry = body.Slice(4 + (i * EntrySize), EntrySize);
            gtids[i] = new MariaDbGtid(
                BinaryPrimitives.ReadUInt32LittleEndian(entry),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]));
        }

        return new GtidListEvent(header, data, gtids, (byte)(countAndFlags >> 28));
    }
}
