using System.Globalization;

namespace Serverless.DataPlane.Replication;

/// <summary>
/// A MariaDB GTID position (<c>domain-server-sequence</c> per domain, comma separated), compared per domain: the
/// order in which replicas are elected and the measure of how far one is behind.
/// </summary>
public static class GtidPosition
{
    /// <summary>The sequence number of each domain in <paramref name="position"/>.</summary>
    /// <param name="position">A position such as <c>0-1-120,1-7-3</c>; empty for none.</param>
    public static IReadOnlyDictionary<long, long> Sequences(string? position)
    {
        var sequences = new Dictionary<long, long>();
        foreach (var part in (position ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = part.Split('-');
            if (fields.Length != 3
                || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
                || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                throw new FormatException($"'{part}' is not a MariaDB GTID (domain-server-sequence).");
            }

            sequences[domain] = sequence;
        }

        return sequences;
    }

    /// <summary>How many transactions <paramref name="applied"/> lacks to reach <paramref name="target"/>, over all domains.</summary>
    public static long Behind(string? applied, string? target)
    {
        var have = Sequences(applied);
        return Sequences(target).Sum(t => Math.Max(0, t.Value - have.GetValueOrDefault(t.Key)));
    }

    /// <summary>Whether <paramref name="position"/> holds at least every domain's sequence of <paramref name="other"/>.</summary>
    public static bool Covers(string? position, string? other) => Behind(position, other) == 0;
}
