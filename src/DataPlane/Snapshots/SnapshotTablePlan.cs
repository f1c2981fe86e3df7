namespace Serverless.DataPlane.Snapshots;

/// <summary>How one table is dumped: its columns, the key its chunks are ranges of, and its size from statistics.</summary>
internal sealed record SnapshotTablePlan(
    int Index,
    string Database,
    string Name,
    IReadOnlyList<SnapshotColumnPlan> Columns,
    string? ChunkKey,
    long EstimatedRows,
    long DataBytes)
{
    public string QualifiedName => $"{SqlText.QuoteIdentifier(Database)}.{SqlText.QuoteIdentifier(Name)}";
}

/// <summary>
/// One stored column: what the dump selects and how LOAD DATA puts it back. Most columns go through as their
/// text or raw bytes; BIT goes as its number (its bytes would be read back as a string of digits).
/// </summary>
internal sealed record SnapshotColumnPlan(string SelectExpression, string LoadTarget, string? LoadSet);
