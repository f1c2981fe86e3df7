namespace Serverless.DataPlane.Snapshots;

/// <summary>Progress of a dump or load, reported as rows move.</summary>
/// <param name="RowsDone">Rows written to (dump) or loaded from (load) artifacts so far.</param>
/// <param name="RowsTotal">
/// Rows expected in all: an estimate from table statistics while dumping, the manifest's exact count while loading.
/// </param>
/// <param name="BytesDone">Uncompressed LOAD DATA bytes moved so far.</param>
public sealed record SnapshotProgress(long RowsDone, long RowsTotal, long BytesDone)
{
    /// <summary>Whole percent done, 0-99: rows are estimated while dumping, so the caller marks completion itself.</summary>
    public int Percent => RowsTotal <= 0 ? 0 : (int)Math.Clamp(RowsDone * 100 / RowsTotal, 0, 99);
}
