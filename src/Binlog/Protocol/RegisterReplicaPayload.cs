namespace Serverless.Binlog.Protocol;

/// <summary>
/// COM_REGISTER_SLAVE (shared reference §3.2): <c>15</c> · <c>int&lt;4&gt; server_id</c> · <c>int&lt;1&gt; len</c> +
/// hostname · <c>int&lt;1&gt; len</c> + user · <c>int&lt;1&gt; len</c> + password · <c>int&lt;2&gt; port</c> ·
/// <c>int&lt;4&gt; rank</c> · <c>int&lt;4&gt; master_id</c>. It makes the reader visible in SHOW SLAVE HOSTS; the
/// server answers OK. Host, user and password are informational and sent empty: the password never leaves here.
/// </summary>
internal static class RegisterReplicaPayload
{
    public const byte Command = 0x15;

    public static void Write(PayloadWriter writer, uint serverId)
    {
        writer.WriteByte(Command);
        writer.WriteUInt32(serverId);
        writer.WriteByte(0); // hostname
        writer.WriteByte(0); // user
        writer.WriteByte(0); // password
        writer.WriteUInt16(0); // port
        writer.WriteUInt32(0); // replication rank
        writer.WriteUInt32(0); // master id: the server fills it in
    }
}
