namespace Serverless.Binlog.Protocol;

/// <summary>AuthMoreData: <c>01 str&lt;EOF&gt; data</c>, extra plugin data during authentication (shared reference §1.5).</summary>
internal sealed record AuthMoreDataPayload(byte[] Data)
{
    public const byte Signature = 0x01;

    public static AuthMoreDataPayload Create(ReadOnlySpan<byte> payload) => new(payload[1..].ToArray());
}
