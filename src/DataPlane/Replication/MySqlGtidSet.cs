using System.Globalization;

namespace Serverless.DataPlane.Replication;

/// <summary>
/// A MySQL GTID set (<c>uuid:1-5:7,uuid2:1-100</c>, as <c>gtid_executed</c> shows it): per source uuid, intervals of
/// transaction numbers. Compared by counting the transactions one set lacks of another.
/// </summary>
public static class MySqlGtidSet
{
    /// <summary>The intervals of each source uuid (lower-cased) in <paramref name="set"/>.</summary>
    /// <param name="set">A set such as <c>3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:11-18</c>; empty for none.</param>
    /// <exception cref="FormatException">The text is not a GTID set.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<(long First, long Last)>> Parse(string? set)
    {
        var result = new Dictionary<string, IReadOnlyList<(long, long)>>(StringComparer.Ordinal);
        foreach (var part in (set ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = part.Split(':');
            if (fields.Length < 2 || !Guid.TryParse(fields[0], out _))
            {
                throw new FormatException($"'{part}' is not a MySQL GTID set member (uuid:first-last[:first-last…]).");
            }

            var intervals = new List<(long, long)>();
            foreach (var interval in fields.Skip(1))
            {
                var bounds = interval.Split('-');
                if (bounds.Length is < 1 or > 2
                    || !long.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                    || !long.TryParse(bounds[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                    || last < first)
                {
                    throw new FormatException($"'{interval}' in '{part}' is not a transaction interval (first-last).");
                }

                intervals.Add((first, last));
            }

            var uuid = fields[0].ToLowerInvariant();
            result[uuid] = result.TryGetValue(uuid, out var earlier) ? [.. earlier, .. intervals] : intervals;
        }

        return result;
    }

    /// <summary>How many transactions of <paramref name="target"/> are not in <paramref name="applied"/>.</summary>
    /// <param name="applied">What a server has applied.</param>
    /// <param name="target">What it should have.</param>
    public static long Behind(string? applied, string? target)
    {
        var have = Parse(applied);
        long missing = 0;
        foreach (var (uuid, intervals) in Parse(target))
        {
            var covered = have.GetValueOrDefault(uuid) ?? [];
            foreach (var (first, last) in intervals)
            {
                missing += last - first + 1 - Overlap(first, last, covered);
            }
        }

        return missing;
    }

    // The intervals of one set do not overlap each other, so the overlaps with one target interval add up.
    private static long Overlap(long first, long last, IReadOnlyList<(long First, long Last)> intervals) =>
        intervals.Sum(i => Math.Max(0, Math.Min(last, i.Last) - Math.Max(first, i.First) + 1));
}
