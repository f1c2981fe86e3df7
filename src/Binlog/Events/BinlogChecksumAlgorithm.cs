namespace Serverless.Binlog.Events;

/// <summary>The checksum a binlog's events carry, as its format description declares (shared reference §4.1).</summary>
public enum BinlogChecksumAlgorithm : byte
{
    /// <summary>No checksum trailer.</summary>
    None = 0,
    /// <summary>A 4-byte CRC32 (zlib's) of every byte before it.</summary>
    Crc32 = 1,
}
