namespace Serverless.Binlog.Events;

/// <summary>STOP (3): the server shut down; the file ends here without a rotate. It has no body.</summary>
public sealed class StopEvent : BinlogEvent
{
    private StopEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data)
        : base(header, data)
    {
    }

    internal static StopEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data) => new(header, data);
}
