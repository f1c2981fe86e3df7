namespace Serverless.Binlog.Tests.Protocol;

/// <summary>Test bytes written as spaced hex, the way packet dumps show them.</summary>
internal static class Hex
{
    public static byte[] Decode(string spacedHex) => Convert.FromHexString(spacedHex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
