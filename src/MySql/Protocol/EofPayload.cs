namespace Serverless.MySql.Protocol;

/// <summary>EOF packet: <c>FE int&lt;2&gt; warnings int&lt;2&gt; status</c> (shared reference §2.2), used when DEPRECATE_EOF is off.</summary>
internal readonly record struct EofPayload(ushort Warnings, MySqlServerStatus Status)
{
    public const byte Signature = 0xFE;

    /// <summary>An EOF (or a 0xFE-OK ending rows) is short; a row starting with 0xFE is always a full 16 MiB chunk.</summary>
    public static bool IsTerminator(ReadOnlySpan<byte> payload) =>
        payload.Length > 0 && payload[0] == Signature && payload.Length < PacketChannel.MaxChunkLength;

    public static EofPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var warnings = reader.HasRemaining ? reader.ReadUInt16() : (ushort)0;
        var status = reader.HasRemaining ? (MySqlServerStatus)reader.ReadUInt16() : MySqlServerStatus.None;
        return new EofPayload(warnings, status);
    }
}
