using System.IO.Compression;

namespace Serverless.Binlog.Rows;

/// <summary>
/// Inflates the row images of MariaDB's compressed row events (shared reference §4.6): <c>0x80|n</c>, the
/// uncompressed length as n big-endian bytes, then a zlib stream.
/// </summary>
internal static class RowImageInflater
{
    public static ReadOnlyMemory<byte> Inflate(ReadOnlySpan<byte> compressed)
    {
        if (compressed.IsEmpty || (compressed[0] & 0x80) == 0 || (compressed[0] & 0x07) is 0 or > 4 || compressed.Length < 1 + (compressed[0] & 0x07))
        {
            throw new BinlogProtocolException("A compressed rows event does not start with a valid length header.");
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
            throw new BinlogProtocolException($"A compressed rows event does not inflate to its stated {length} bytes.", ex);
        }

        return output;
    }
}
