using System.Buffers.Binary;
using System.Text;
using Serverless.Binlog.Events;

namespace Serverless.Binlog.Tests.Events;

/// <summary>
/// Builds binlog v4 events from the documented layout (shared reference §4.1): a 19-byte header and a CRC32
/// trailer, computed here bit by bit (zlib's polynomial) rather than with the library the reader uses.
/// </summary>
internal static class EventBytes
{
    public static byte[] Build(BinlogEventType type, ReadOnlySpan<byte> body, uint nextPosition = 0, uint serverId = 1, uint timestamp = 1714534357, ushort flags = 0, bool checksum = true)
    {
        var size = 19 + body.Length + (checksum ? 4 : 0);
        var bytes = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, timestamp);
        bytes[4] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(5), serverId);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(9), (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(13), nextPosition);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(17), flags);
        body.CopyTo(bytes.AsSpan(19));
        if (checksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(size - 4), Crc32(bytes.AsSpan(0, size - 4)));
        }

        return bytes;
    }

    /// <summary>
    /// A MySQL 8.0.36 format description with CRC32: version 4, the server version padded to 50 bytes, header length
    /// 19, post-header lengths for types 1..41 (QUERY 13, ROTATE 8, TABLE_MAP 8, ROWS v1 8, ROWS v2 10, GTID 42…),
    /// then the checksum algorithm.
    /// </summary>
    public static byte[] MySql8FormatDescription()
    {
        var body = new List<byte>();
        body.AddRange([4, 0]);
        var version = new byte[50];
        Encoding.ASCII.GetBytes("8.0.36").CopyTo(version, 0);
        body.AddRange(version);
        body.AddRange([0, 0, 0, 0, 19]);
        var postHeaders = new byte[41];
        postHeaders[(int)BinlogEventType.Query - 1] = 13;
        postHeaders[(int)BinlogEventType.Rotate - 1] = 8;
        postHeaders[(int)BinlogEventType.TableMap - 1] = 8;
        for (var type = BinlogEventType.WriteRowsV1; type <= BinlogEventType.DeleteRowsV1; type++)
        {
            postHeaders[(int)type - 1] = 8;
        }

        for (var type = BinlogEventType.WriteRowsV2; type <= BinlogEventType.DeleteRowsV2; type++)
        {
            postHeaders[(int)type - 1] = 10;
        }

        postHeaders[(int)BinlogEventType.Gtid - 1] = 42;
        postHeaders[(int)BinlogEventType.AnonymousGtid - 1] = 42;
        body.AddRange(postHeaders);
        body.Add(1); // CRC32
        return Build(BinlogEventType.FormatDescription, body.ToArray(), nextPosition: 126);
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    public static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", string.Empty, StringComparison.Ordinal));
}
