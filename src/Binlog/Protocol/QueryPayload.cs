namespace Serverless.Binlog.Protocol;

/// <summary>COM_QUERY (shared reference §2.1): <c>03</c> + the statement's bytes.</summary>
internal static class QueryPayload
{
    public const byte Command = 0x03;

    public static void Write(PayloadWriter writer, string sql)
    {
        writer.WriteByte(Command);
        writer.WriteUtf8(sql);
    }
}
