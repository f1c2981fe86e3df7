namespace Serverless.Binlog.Protocol;

/// <summary>
/// COM_BINLOG_DUMP (shared reference §3.3): <c>12</c> · <c>int&lt;4&gt; binlog_pos</c> · <c>int&lt;2&gt; flags</c> ·
/// <c>int&lt;4&gt; server_id</c> · <c>str&lt;EOF&gt; filename</c>. In MariaDB GTID mode (after
/// <c>@slave_connect_state</c>) the name and position are ignored and sent as empty and 4.
/// </summary>
internal static class BinlogDumpPayload
{
    public const byte Command = 0x12;

    /// <summary>Send EOF at the end of the binlog instead of waiting for more.</summary>
    public const ushort NonBlockFlag = 0x01;

    /// <summary>MariaDB: include ANNOTATE_ROWS events (MySQL reads this bit as "heartbeat v2", which is harmless).</summary>
    public const ushort MariaDbSendAnnotateRowsFlag = 0x02;

    public static void Write(PayloadWriter writer, uint position, ushort flags, uint serverId, string fileName)
    {
        writer.WriteByte(Command);
        writer.WriteUInt32(position);
        writer.WriteUInt16(flags);
        writer.WriteUInt32(serverId);
        writer.WriteUtf8(fileName);
    }
}
