using System.Buffers.Binary;

namespace Serverless.Binlog.Events;

/// <summary>XID (16): the transaction before it committed (shared reference §4.3: <c>int&lt;8&gt; xid</c>).</summary>
public sealed class XidEvent : BinlogEvent
{
    private XidEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, ulong xid)
        : base(header, data)
    {
        Xid = xid;
    }

    /// <summary>The server's internal transaction id.</summary>
    public ulong Xid { get; }

    internal static XidEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            throw new BinlogProtocolException($"An XID event body of {body.Length} bytes is too short.");
        }

        return new XidEvent(header, data, BinaryPrimitives.ReadUInt64LittleEndian(body));
    }
}
