namespace Serverless.Binlog.Protocol;

/// <summary>
/// COM_BINLOG_DUMP_GTID, MySQL only (shared reference §3.4): <c>1E</c> · <c>int&lt;2&gt; flags</c> ·
/// <c>int&lt;4&gt; server_id</c> · <c>int&lt;4&gt; name_len</c> · name · <c>int&lt;8&gt; pos</c> ·
/// <c>int&lt;4&gt; data_len</c> · the encoded GTID set. An empty name with position 4 and the reader's executed set
/// asks for every transaction not in that set.
/// </summary>
internal static class BinlogDumpGtidPayload
{
    public const byte Command = 0x1E;

    /// <summary>Send EOF at the end of the binlog instead of waiting for more.</summary>
    public const ushort NonBlockFlag = 0x01;

    /// <summary>BINLOG_THROUGH_GTID: position by the GTID set (the server reads the set whatever this says).</summary>
    public const ushort ThroughGtidFlag = 0x04;

    public static void Write(PayloadWriter writer, ushort flags, uint serverId, MySqlGtidSet executed)
    {
        writer.WriteByte(Command);
        writer.WriteUInt16(flags);
        writer.WriteUInt32(serverId);
        writer.WriteUInt32(0); // binlog file name length: none
        writer.WriteUInt64(4); // position: the start of a file
        var length = executed.EncodedLength;
        writer.WriteUInt32((uint)length);
        executed.Encode(writer.GetSpan(length));
        writer.Advance(length);
    }
}
