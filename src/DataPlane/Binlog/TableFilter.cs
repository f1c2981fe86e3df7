using Serverless.Binlog;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Which rows a catch-up replay skips: those of tables outside the snapshot, and those of a snapshot table in a
/// transaction its chunks already hold (at or before the table's GTID position in the transaction's domain).
/// </summary>
internal sealed class TableFilter
{
    private readonly Dictionary<string, Dictionary<uint, ulong>> _positions;

    private TableFilter(Dictionary<string, Dictionary<uint, ulong>> positions) => _positions = positions;

    /// <summary>A filter for <paramref name="positions"/> (<c>database.table</c> to a GTID position); null for none.</summary>
    public static TableFilter? Create(IReadOnlyDictionary<string, string>? positions) =>
        positions is null
            ? null
            : new TableFilter(positions.ToDictionary(
                p => p.Key,
                p => MariaDbGtid.ParsePosition(p.Value).ToDictionary(g => g.DomainId, g => g.SequenceNumber),
                StringComparer.Ordinal));

    /// <summary>Whether the rows of <paramref name="database"/>.<paramref name="table"/> in transaction <paramref name="gtid"/> are skipped.</summary>
    public bool Skips(string database, string table, MariaDbGtid? gtid) =>
        !_positions.TryGetValue($"{database}.{table}", out var held)
        || (gtid is { } group && held.TryGetValue(group.DomainId, out var sequence) && group.SequenceNumber <= sequence);
}
