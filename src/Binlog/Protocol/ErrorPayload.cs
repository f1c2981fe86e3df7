namespace Serverless.Binlog.Protocol;

/// <summary>
/// ERR packet: <c>FF int&lt;2&gt; code ['#' 5-byte SQLSTATE] message</c> (shared reference §2.2).
/// An ERR sent instead of the handshake may lack the SQLSTATE marker.
/// </summary>
internal readonly record struct ErrorPayload(int ErrorCode, string SqlState, string Message)
{
    public const byte Signature = 0xFF;

    public static ErrorPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var code = reader.ReadUInt16();
        var state = "HY000";
        if (reader.HasRemaining && reader.PeekByte() == (byte)'#' && reader.Remaining >= 6)
        {
            reader.ReadByte();
            state = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(5));
        }

        var message = System.Text.Encoding.UTF8.GetString(reader.ReadRest());
        return new ErrorPayload(code, state, message);
    }
}
