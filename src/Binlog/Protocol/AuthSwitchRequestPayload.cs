namespace Serverless.Binlog.Protocol;

/// <summary>AuthSwitchRequest: <c>FE str&lt;NUL&gt; plugin str&lt;EOF&gt; data</c> (shared reference §1.5).</summary>
internal sealed record AuthSwitchRequestPayload(string PluginName, byte[] Data)
{
    public const byte Signature = 0xFE;

    public static AuthSwitchRequestPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        if (!reader.HasRemaining)
        {
            throw new BinlogAuthenticationException("The server asked for the pre-4.1 authentication switch, which is not supported.");
        }

        var plugin = reader.ReadNullTerminatedString();
        return new AuthSwitchRequestPayload(plugin, reader.ReadRest().ToArray());
    }
}
