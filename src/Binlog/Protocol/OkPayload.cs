namespace Serverless.Binlog.Protocol;

/// <summary>
/// OK packet (shared reference §2.2): <c>00 lenenc affected_rows lenenc last_insert_id int&lt;2&gt; status
/// int&lt;2&gt; warnings [info]</c>. The replication commands only need to know that a command succeeded.
/// </summary>
internal static class OkPayload
{
    public const byte Signature = 0x00;
}
