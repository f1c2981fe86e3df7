using System.IO.Compression;

namespace Serverless.Binlog.Events;

/// <summary>
/// Inflates what MariaDB compresses with <c>log_bin_compress</c> (shared reference §4.6): the statement of a
/// QUERY_COMPRESSED event and the row images of the compressed row events, each stored as <c>0x80|n</c>, the
/// uncompressed length in n big-endian bytes, then a zlib stream.
/// </summary>
internal static class MariaDbCompression
{
    public static ReadOnlyMemory<byte> Inflate(ReadOnlySpan<byte> compressed)
    {
        if (compressed.IsEmpty || (compressed[0] & 0x80) == 0 || (compressed[0] & 0x07) is 0 or > 4 || compressed.Length < 1 + (compressed[0] & 0x07))
        {
            throw new BinlogProtocolException("A compressed event body does not start with a valid length header.");
        }

        var lengthBytes = compressed[0] & 0x07;
        var length = 0;
        for (var i = 1; i <= lengthBytes; i++)
        {
            length = (length << 8) | compressed[i];
        }

        var output = new byte[length];
        using var input = new MemoryStream(compressed[(1 + lengthBytes)..].ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        try
        {
            zlib.ReadExactly(output);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new BinlogProtocolException($"A compressed event body does not inflate to its stated {length} bytes.", ex);
        }

        return output;
    }
}
