using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Snapshots;

/// <summary>What a completed snapshot holds, as recorded in its manifest.</summary>
/// <param name="SetId">The artifact set holding the snapshot.</param>
/// <param name="Position">Binlog coordinates and GTID set that the data matches exactly.</param>
/// <param name="Databases">Databases in the snapshot.</param>
/// <param name="Tables">Tables in the snapshot.</param>
/// <param name="Rows">Rows in all tables.</param>
/// <param name="OriginalBytes">Uncompressed bytes of every artifact.</param>
/// <param name="StoredBytes">Bytes stored in Blob storage (compressed, possibly encrypted).</param>
/// <param name="DataBytes">
/// Space the data took on the source server (InnoDB data and index length): what a restore needs on its volume.
/// </param>
/// <param name="StartedAt">When the snapshot was taken.</param>
/// <param name="CompletedAt">When the manifest was written.</param>
public sealed record SnapshotSummary(
    string SetId,
    BinlogCoordinates Position,
    IReadOnlyList<string> Databases,
    int Tables,
    long Rows,
    long OriginalBytes,
    long StoredBytes,
    long DataBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt)
{
    /// <summary>Reads the summary of a completed snapshot; <see langword="null"/> when the set has no manifest (never completed).</summary>
    /// <exception cref="ArtifactException">The manifest exists but cannot be read, or is not a snapshot's.</exception>
    public static Task<SnapshotSummary?> TryReadAsync(ArtifactStore store, string setId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
