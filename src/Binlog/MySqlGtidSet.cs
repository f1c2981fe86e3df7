using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Serverless.Binlog;

/// <summary>
/// A MySQL GTID set such as <c>3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,…</c>: per source UUID, ranges of
/// transaction numbers. It is what COM_BINLOG_DUMP_GTID sends and what PREVIOUS_GTIDS carries (shared reference
/// §3.4, §4.7). Tagged GTIDs (MySQL 8.3+) are not supported.
/// </summary>
public sealed class MySqlGtidSet
{
    private readonly List<KeyValuePair<Guid, IReadOnlyList<MySqlGtidInterval>>> _sources;

    private MySqlGtidSet(List<KeyValuePair<Guid, IReadOnlyList<MySqlGtidInterval>>> sources)
    {
        sources.Sort(static (a, b) => string.CompareOrdinal(a.Key.ToString(), b.Key.ToString()));
        _sources = sources;
    }

    /// <summary>The empty set: a dump from it sends every transaction the server has.</summary>
    public static MySqlGtidSet Empty { get; } = new([]);

    /// <summary>Each source UUID with its ranges, ordered by UUID text.</summary>
    public IReadOnlyList<KeyValuePair<Guid, IReadOnlyList<MySqlGtidInterval>>> Sources => _sources;

    /// <summary>Parses the text form that <c>@@gtid_executed</c> shows (whitespace and newlines are ignored).</summary>
    /// <param name="text">The set, e.g. <c>uuid:1-5:7,uuid2:1-3</c>; empty for the empty set.</param>
    /// <returns>The set.</returns>
    /// <exception cref="FormatException">The text is not a GTID set of untagged GTIDs.</exception>
    public static MySqlGtidSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sources = new List<KeyValuePair<Guid, IReadOnlyList<MySqlGtidInterval>>>();
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        foreach (var part in compact.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = part.Split(':');
            if (fields.Length < 2 || !Guid.TryParseExact(fields[0], "D", out var uuid))
            {
                throw new FormatException($"'{part}' is not a MySQL GTID range; expected uuid:start-end such as 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5.");
            }

            var intervals = new List<MySqlGtidInterval>();
            foreach (var range in fields[1..])
            {
                intervals.Add(ParseInterval(range, part));
            }

            if (sources.Exists(s => s.Key == uuid))
            {
                throw new FormatException($"The GTID set names source {uuid} twice.");
            }

            sources.Add(new(uuid, intervals));
        }

        return new MySqlGtidSet(sources);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (uuid, intervals) in _sources)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(uuid.ToString("D"));
            foreach (var interval in intervals)
            {
                builder.Append(':').Append(interval.Start.ToString(CultureInfo.InvariantCulture));
                if (interval.End != interval.Start)
                {
                    builder.Append('-').Append(interval.End.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Decodes the binary form: <c>int&lt;8&gt; n_sids</c>, then per source the 16-byte UUID, <c>int&lt;8&gt;
    /// n_intervals</c> and that many <c>int&lt;8&gt; start, int&lt;8&gt; end_exclusive</c> (shared reference §3.4).
    /// </summary>
    internal static MySqlGtidSet Decode(ReadOnlySpan<byte> encoded)
    {
        var offset = 0;
        var count = ReadInt64(encoded, ref offset);
        var sources = new List<KeyValuePair<Guid, IReadOnlyList<MySqlGtidInterval>>>();
        for (long i = 0; i < count; i++)
        {
            Require(encoded, offset, 16);
            var uuid = new Guid(encoded.Slice(offset, 16), bigEndian: true);
            offset += 16;
            var intervalCount = ReadInt64(encoded, ref offset);
            var intervals = new List<MySqlGtidInterval>();
            for (long j = 0; j < intervalCount; j++)
            {
                var start = ReadInt64(encoded, ref offset);
                var endExclusive = ReadInt64(encoded, ref offset);
                if (start < 1 || endExclusive <= start)
                {
                    throw new BinlogProtocolException($"A GTID interval {start}..{endExclusive} of source {uuid} is empty or negative.");
                }

                intervals.Add(new MySqlGtidInterval(start, endExclusive - 1));
            }

            sources.Add(new(uuid, intervals));
        }

        return new MySqlGtidSet(sources);
    }

    /// <summary>The size of <see cref="Encode"/>'s output.</summary>
    internal int EncodedLength => 8 + _sources.Sum(s => 16 + 8 + (16 * s.Value.Count));

    /// <summary>Writes the binary form (see <see cref="Decode"/>) into <paramref name="destination"/>.</summary>
    internal void Encode(Span<byte> destination)
    {
        var offset = 0;
        BinaryPrimitives.WriteInt64LittleEndian(destination, _sources.Count);
        offset += 8;
        foreach (var (uuid, intervals) in _sources)
        {
            uuid.TryWriteBytes(destination.Slice(offset, 16), bigEndian: true, out _);
            offset += 16;
            BinaryPrimitives.WriteInt64LittleEndian(destination[offset..], intervals.Count);
            offset += 8;
            foreach (var interval in intervals)
            {
                BinaryPrimitives.WriteInt64LittleEndian(destination[offset..], interval.Start);
                BinaryPrimitives.WriteInt64LittleEndian(destination[(offset + 8)..], interval.End + 1);
                offset += 16;
            }
        }
    }

    private static MySqlGtidInterval ParseInterval(string range, string part)
    {
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        var startText = dash < 0 ? range : range[..dash];
        var endText = dash < 0 ? range : range[(dash + 1)..];
        if (!long.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
            !long.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out var end) ||
            start < 1 || end < start)
        {
            throw new FormatException($"'{range}' in '{part}' is not a range of transaction numbers (tagged GTIDs are not supported).");
        }

        return new MySqlGtidInterval(start, end);
    }

    private static long ReadInt64(ReadOnlySpan<byte> data, ref int offset)
    {
        Require(data, offset, 8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(data[offset..]);
        offset += 8;
        return value;
    }

    private static void Require(ReadOnlySpan<byte> data, int offset, int count)
    {
        if (data.Length - offset < count)
        {
            throw new BinlogProtocolException($"A GTID set is truncated: needed {count} bytes at offset {offset} of {data.Length}.");
        }
    }
}
