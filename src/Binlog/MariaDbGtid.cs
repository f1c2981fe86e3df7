using System.Globalization;

namespace Serverless.Binlog;

/// <summary>
/// A MariaDB global transaction id, written <c>domain-server-sequence</c> (e.g. <c>0-1-28</c>); shared reference §4.6.
/// </summary>
/// <param name="DomainId">The replication domain.</param>
/// <param name="ServerId">The server that first wrote the transaction.</param>
/// <param name="SequenceNumber">The transaction's number within its domain.</param>
public readonly record struct MariaDbGtid(uint DomainId, uint ServerId, ulong SequenceNumber)
{
    /// <summary>Parses <c>domain-server-sequence</c>.</summary>
    /// <param name="text">The GTID text.</param>
    /// <returns>The GTID.</returns>
    /// <exception cref="FormatException">The text is not a MariaDB GTID.</exception>
    public static MariaDbGtid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('-');
        if (parts.Length != 3 ||
            !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain) ||
            !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var server) ||
            !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new FormatException($"'{text}' is not a MariaDB GTID; expected domain-server-sequence such as 0-1-28.");
        }

        return new MariaDbGtid(domain, server, sequence);
    }

    /// <summary>Parses a GTID position: a comma-separated list with at most one GTID per domain (may be empty).</summary>
    /// <param name="text">The position, e.g. <c>0-1-28,7-1-1</c>.</param>
    /// <returns>The GTIDs in the order given.</returns>
    /// <exception cref="FormatException">An element is not a GTID, or a domain appears twice.</exception>
    public static IReadOnlyList<MariaDbGtid> ParsePosition(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gtids = new List<MariaDbGtid>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var gtid = Parse(part);
            if (gtids.Exists(g => g.DomainId == gtid.DomainId))
            {
                throw new FormatException($"The GTID position '{text}' names domain {gtid.DomainId} twice.");
            }

            gtids.Add(gtid);
        }

        return gtids;
    }

    /// <summary>Writes a GTID position as MariaDB does: comma-separated, no spaces.</summary>
    /// <param name="gtids">The GTIDs, at most one per domain.</param>
    /// <returns>The position text, e.g. <c>0-1-28,7-1-1</c>.</returns>
    public static string FormatPosition(IEnumerable<MariaDbGtid> gtids) => string.Join(',', gtids);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{DomainId}-{ServerId}-{SequenceNumber}");
}
