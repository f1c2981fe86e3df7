namespace Serverless.Binlog.Events;

/// <summary>
/// MySQL PREVIOUS_GTIDS (35): the GTID set of all binlog files before this one, in the binary GTID set encoding
/// (shared reference §3.4, §4.7).
/// </summary>
public sealed class PreviousGtidsEvent : BinlogEvent
{
    private PreviousGtidsEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, MySqlGtidSet gtids)
        : base(header, data)
    {
        Gtids = gtids;
    }

    /// <summary>The transactions in earlier files.</summary>
    public MySqlGtidSet Gtids { get; }

    internal static PreviousGtidsEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlySpan<byte> body) =>
        new(header, data, MySqlGtidSet.Decode(body));
}
