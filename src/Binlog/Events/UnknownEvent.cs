namespace Serverless.Binlog.Events;

/// <summary>
/// An event this reader does not parse (e.g. INTVAR, BINLOG_CHECKPOINT, TRANSACTION_PAYLOAD): its header and raw
/// bytes pass through, checksum verified, so that a segment copy keeps it.
/// </summary>
public sealed class UnknownEvent : BinlogEvent
{
    private UnknownEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> body)
        : base(header, data)
    {
        Body = body;
    }

    /// <summary>The bytes after the header, without the checksum trailer.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    internal static UnknownEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> body) => new(header, data, body);
}
