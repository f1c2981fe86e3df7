using System.Text;

namespace Serverless.Binlog.Events;

/// <summary>
/// MariaDB ANNOTATE_ROWS (160): the text of the statement whose row events follow (shared reference §4.3; the body is
/// the statement). Sent over the wire only when the dump asks for it.
/// </summary>
public sealed class AnnotateRowsEvent : BinlogEvent
{
    private AnnotateRowsEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> statement)
        : base(header, data)
    {
        StatementBytes = statement;
    }

    /// <summary>The statement's bytes, in the session's character set. Valid until the next event is read.</summary>
    public ReadOnlyMemory<byte> StatementBytes { get; }

    /// <summary>The statement, decoded as UTF-8.</summary>
    public string Statement => Encoding.UTF8.GetString(StatementBytes.Span);

    internal static AnnotateRowsEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> body) => new(header, data, body);
}
