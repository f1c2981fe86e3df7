using System.Buffers.Binary;
using System.Text;

namespace Serverless.Binlog.Events;

/// <summary>
/// FORMAT_DESCRIPTION (15), the first event of every binlog file (shared reference §4.3): <c>int&lt;2&gt;
/// binlog_version</c> · <c>50 bytes server_version</c> · <c>int&lt;4&gt; create_timestamp</c> · <c>int&lt;1&gt;
/// header_length</c> · one post-header length per event type · <c>int&lt;1&gt; checksum_alg</c> · CRC32.
/// It decides how the following events are laid out and whether they carry a checksum. Owns its bytes.
/// </summary>
public sealed class FormatDescriptionEvent : BinlogEvent
{
    private const int FixedBodyLength = 2 + 50 + 4 + 1;
    private readonly byte[] _postHeaderLengths;

    private FormatDescriptionEvent(
        BinlogEventHeader header,
        ReadOnlyMemory<byte> data,
        ushort binlogVersion,
        string serverVersion,
        uint createTimestamp,
        byte headerLength,
        byte[] postHeaderLengths,
        BinlogChecksumAlgorithm checksumAlgorithm)
        : base(header, data)
    {
        BinlogVersion = binlogVersion;
        ServerVersion = serverVersion;
        CreateTimestamp = createTimestamp;
        HeaderLength = headerLength;
        _postHeaderLengths = postHeaderLengths;
        ChecksumAlgorithm = checksumAlgorithm;
    }

    /// <summary>The binlog format version; 4 for every server this reader supports.</summary>
    public ushort BinlogVersion { get; }

    /// <summary>The version of the server that wrote the file, e.g. <c>10.11.19-MariaDB-log</c>.</summary>
    public string ServerVersion { get; }

    /// <summary>When the file was created (seconds since the epoch; 0 on some servers).</summary>
    public uint CreateTimestamp { get; }

    /// <summary>The common header length (19).</summary>
    public byte HeaderLength { get; }

    /// <summary>The post-header length of each event type, indexed by type code minus one.</summary>
    public ReadOnlySpan<byte> PostHeaderLengths => _postHeaderLengths;

    /// <summary>Whether the events of this file end with a CRC32.</summary>
    public BinlogChecksumAlgorithm ChecksumAlgorithm { get; }

    /// <summary>The post-header length of <paramref name="type"/>, or <paramref name="fallback"/> when the file does not list it.</summary>
    /// <param name="type">The event type.</param>
    /// <param name="fallback">The length to assume for a type the server did not list.</param>
    /// <returns>The length in bytes.</returns>
    public int PostHeaderLength(BinlogEventType type, int fallback)
    {
        var index = (int)type - 1;
        return index >= 0 && index < _postHeaderLengths.Length ? _postHeaderLengths[index] : fallback;
    }

    /// <summary>
    /// Parses the event. The checksum algorithm byte exists from MySQL 5.6.1 and MariaDB 5.3 on; it sits just before
    /// the 4-byte checksum field, which a format description always has then, so it is found from the end.
    /// </summary>
    internal static FormatDescriptionEvent Create(BinlogEventHeader header, ReadOnlySpan<byte> data)
    {
        var owned = data.ToArray();
        var body = owned.AsSpan(BinlogEventHeader.Size);
        if (body.Length < FixedBodyLength)
        {
            throw new BinlogProtocolException($"A format description event of {data.Length} bytes is too short.");
        }

        var binlogVersion = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var versionField = body.Slice(2, 50);
        var end = versionField.IndexOf((byte)0);
        var serverVersion = Encoding.ASCII.GetString(end < 0 ? versionField : versionField[..end]);
        var createTimestamp = BinaryPrimitives.ReadUInt32LittleEndian(body[52..]);
        var headerLength = body[56];
        if (binlogVersion != 4 || headerLength != BinlogEventHeader.Size)
        {
            throw new BinlogProtocolException($"Binlog version {binlogVersion} with {headerLength}-byte headers is not supported; only version 4 (19-byte headers) is.");
        }

        var rest = body[FixedBodyLength..];
        var algorithm = BinlogChecksumAlgorithm.None;
        if (KnowsChecksums(serverVersion))
        {
            if (rest.Length < 5)
            {
                throw new BinlogProtocolException($"The format description of server {serverVersion} lacks its checksum fields.");
            }

            algorithm = (BinlogChecksumAlgorithm)rest[^5];
            if (algorithm is not (BinlogChecksumAlgorithm.None or BinlogChecksumAlgorithm.Crc32))
            {
                throw new BinlogProtocolException($"The binlog uses checksum algorithm {(byte)algorithm}, which is not supported (only NONE and CRC32 are).");
            }

            rest = rest[..^5];
        }

        return new FormatDescriptionEvent(header, owned, binlogVersion, serverVersion, createTimestamp, headerLength, rest.ToArray(), algorithm);
    }

    /// <summary>Checksums came with MySQL 5.6.1 and MariaDB 5.3.</summary>
    private static bool KnowsChecksums(string serverVersion)
    {
        var digits = serverVersion.AsSpan();
        var parts = new int[3];
        var part = 0;
        foreach (var c in digits)
        {
            if (char.IsAsciiDigit(c))
            {
                parts[part] = (parts[part] * 10) + (c - '0');
            }
            else if (c == '.' && part < 2)
            {
                part++;
            }
            else
            {
                break;
            }
        }

        var version = (parts[0] * 10000) + (parts[1] * 100) + parts[2];
        var isMariaDb = serverVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        return version >= (isMariaDb ? 50300 : 50601);
    }
}
