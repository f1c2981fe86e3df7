namespace Serverless.MySql.Protocol;

/// <summary>LOCAL INFILE request: <c>FB str&lt;EOF&gt; filename</c> (shared reference §2.5). The server names the file.</summary>
internal sealed record LocalInfileRequestPayload(string FileName)
{
    public const byte Signature = 0xFB;

    public static LocalInfileRequestPayload Create(ReadOnlySpan<byte> payload) =>
        new(System.Text.Encoding.UTF8.GetString(payload[1..]));
}
