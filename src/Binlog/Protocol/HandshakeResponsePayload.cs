namespace Serverless.Binlog.Protocol;

/// <summary>
/// HandshakeResponse41 and SSLRequest, client to server (shared reference §1.4). A replica names no database,
/// so CONNECT_WITH_DB is never set.
/// </summary>
internal static class HandshakeResponsePayload
{
    /// <summary>utf8mb4_general_ci: the same id on MySQL and MariaDB.</summary>
    public const byte Utf8Mb4GeneralCollation = 45;

    private const uint MaxPacketSize = 0x40000000;

    public static void WriteSslRequest(PayloadWriter writer, CapabilityFlags capabilities)
    {
        writer.WriteUInt32((uint)capabilities);
        writer.WriteUInt32(MaxPacketSize);
        writer.WriteByte(Utf8Mb4GeneralCollation);
        writer.WriteZeros(23);
    }

    public static void Write(
        PayloadWriter writer,
        CapabilityFlags capabilities,
        string user,
        ReadOnlySpan<byte> authResponse,
        string authPluginName)
    {
        writer.WriteUInt32((uint)capabilities);
        writer.WriteUInt32(MaxPacketSize);
        writer.WriteByte(Utf8Mb4GeneralCollation);
        // 23 filler bytes; MariaDB reads its extended capabilities from the last four, which we leave 0.
        writer.WriteZeros(23);
        writer.WriteNullTerminatedUtf8(user);
        if ((capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            writer.WriteLengthEncodedBytes(authResponse);
        }
        else
        {
            writer.WriteByte((byte)authResponse.Length);
            writer.WriteBytes(authResponse);
        }

        if ((capabilities & CapabilityFlags.PluginAuth) != 0)
        {
            writer.WriteNullTerminatedUtf8(authPluginName);
        }

        if ((capabilities & CapabilityFlags.ConnectAttributes) != 0)
        {
            using var attributes = new PayloadWriter(64);
            attributes.WriteLengthEncodedUtf8("_client_name");
            attributes.WriteLengthEncodedUtf8("Serverless.Binlog");
            attributes.WriteLengthEncodedUtf8("_pid");
            attributes.WriteLengthEncodedUtf8(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteLengthEncodedBytes(attributes.Payload);
        }
    }
}
