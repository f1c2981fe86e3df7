using Serverless.Binlog.Events;

namespace Serverless.Binlog.Tests;

/// <summary>A copy of what a test needs of one event, kept after the reader moves on.</summary>
internal sealed record CapturedEvent(BinlogEventHeader Header, byte[] Data, string? Gtid, string? Statement, long? Offset)
{
    public BinlogEventType Type => Header.EventType;

    public bool IsArtificial => (Header.Flags & BinlogEventFlags.Artificial) != 0 || Type is BinlogEventType.Heartbeat;

    public static CapturedEvent From(BinlogEvent binlogEvent, long? offset = null) => new(
        binlogEvent.Header,
        binlogEvent.Data.ToArray(),
        binlogEvent switch
        {
            MariaDbGtidEvent gtid => gtid.Gtid.ToString(),
            _ => null,
        },
        binlogEvent switch
        {
            QueryEvent query => query.Statement,
            AnnotateRowsEvent annotate => annotate.Statement,
            _ => null,
        },
        offset);
}
