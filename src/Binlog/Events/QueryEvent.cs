using System.Text;
using Serverless.Binlog.Protocol;

namespace Serverless.Binlog.Events;

/// <summary>
/// QUERY (2), or MariaDB's QUERY_COMPRESSED (165) whose statement is inflated here: a statement, such as DDL or a
/// COMMIT of non-transactional tables (shared reference §4.4). Post-header:
/// <c>int&lt;4&gt; thread_id</c> · <c>int&lt;4&gt; exec_time</c> · <c>int&lt;1&gt; db_len</c> · <c>int&lt;2&gt;
/// error_code</c> · <c>int&lt;2&gt; status_vars_len</c>; body: status variables · database · <c>00</c> · statement.
/// </summary>
public sealed class QueryEvent : BinlogEvent
{
    private const int MinimumPostHeaderLength = 13;

    private QueryEvent(
        BinlogEventHeader header,
        ReadOnlyMemory<byte> data,
        uint threadId,
        uint executionTime,
        ushort errorCode,
        ReadOnlyMemory<byte> statusVariables,
        ReadOnlyMemory<byte> database,
        ReadOnlyMemory<byte> statement)
        : base(header, data)
    {
        ThreadId = threadId;
        ExecutionTime = executionTime;
        ErrorCode = errorCode;
        StatusVariables = statusVariables;
        DatabaseBytes = database;
        StatementBytes = statement;
    }

    /// <summary>The session that ran the statement (needed to replay temporary-table statements).</summary>
    public uint ThreadId { get; }

    /// <summary>Seconds the statement took on the source.</summary>
    public uint ExecutionTime { get; }

    /// <summary>The error the statement ended with on the source (0 normally).</summary>
    public ushort ErrorCode { get; }

    /// <summary>
    /// The raw status variables (<c>{int&lt;1&gt; code, value}</c> in code order: FLAGS2, SQL_MODE, CHARSET,
    /// TIME_ZONE…, §4.4) that set up the session for replay. Valid until the next event is read.
    /// </summary>
    public ReadOnlyMemory<byte> StatusVariables { get; }

    /// <summary>The default database's name bytes. Valid until the next event is read.</summary>
    public ReadOnlyMemory<byte> DatabaseBytes { get; }

    /// <summary>The default database of the statement, or empty.</summary>
    public string DatabaseName => Encoding.UTF8.GetString(DatabaseBytes.Span);

    /// <summary>
    /// The statement's bytes in the source session's <c>character_set_client</c>; replay them unchanged.
    /// Valid until the next event is read.
    /// </summary>
    public ReadOnlyMemory<byte> StatementBytes { get; }

    /// <summary>The statement, decoded as UTF-8.</summary>
    public string Statement => Encoding.UTF8.GetString(StatementBytes.Span);

    internal static QueryEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> body, int postHeaderLength)
    {
        if (postHeaderLength < MinimumPostHeaderLength)
        {
            throw new BinlogProtocolException($"Query events with a {postHeaderLength}-byte post-header are not supported.");
        }

        var reader = new PayloadReader(body.Span);
        var threadId = reader.ReadUInt32();
        var executionTime = reader.ReadUInt32();
        var databaseLength = reader.ReadByte();
        var errorCode = reader.ReadUInt16();
        var statusLength = reader.ReadUInt16();
        reader.Skip(postHeaderLength - MinimumPostHeaderLength);
        var statusStart = reader.Offset;
        reader.Skip(statusLength);
        var databaseStart = reader.Offset;
        reader.Skip(databaseLength + 1);
        var statement = body[reader.Offset..];
        if (header.EventType == BinlogEventType.QueryCompressed)
        {
            statement = MariaDbCompression.Inflate(statement.Span);
        }

        return new QueryEvent(
            header,
            data,
            threadId,
            executionTime,
            errorCode,
            body.Slice(statusStart, statusLength),
            body.Slice(databaseStart, databaseLength),
            statement);
    }
}
