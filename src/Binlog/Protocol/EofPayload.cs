namespace Serverless.Binlog.Protocol;

/// <summary>
/// EOF packet: <c>FE int&lt;2&gt; warnings int&lt;2&gt; status</c> (shared reference §2.2). It ends a result set's
/// column definitions and rows, and a non-blocking binlog dump at the end of the binlog (§3.5).
/// </summary>
internal static class EofPayload
{
    public const byte Signature = 0xFE;

    /// <summary>An EOF (or a 0xFE-OK ending rows) is short; a row or event starting with 0xFE is never this short.</summary>
    public static bool IsEof(ReadOnlySpan<byte> payload) => payload.Length is > 0 and < 9 && payload[0] == Signature;
}
