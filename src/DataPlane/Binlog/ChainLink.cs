using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// One completed member of a backup chain as its manifest records it: a full snapshot or a binlog segment, with the
/// coordinates the next segment starts from and the span of time it lets a restore reach.
/// </summary>
/// <param name="SetId">The member's artifact set.</param>
/// <param name="IsSegment">True for a binlog segment, false for a full snapshot.</param>
/// <param name="End">Where the member ends in the source's binlog: the next segment starts here.</param>
/// <param name="CoveredTo">The latest moment a restore from this member reproduces (a snapshot's time, a segment's capture time).</param>
/// <param name="DataBytes">Space the source's data took: what a restore needs on its volume.</param>
public sealed record ChainLink(string SetId, bool IsSegment, BinlogCoordinates End, DateTimeOffset CoveredTo, long DataBytes)
{
    /// <summary>Reads a completed member's manifest.</summary>
    /// <exception cref="ArtifactSetIncompleteException">The set has no manifest: it never completed.</exception>
    /// <exception cref="ArtifactFormatException">The set is neither a snapshot nor a segment.</exception>
    public static async Task<ChainLink> ReadAsync(ArtifactStore store, string setId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var reader = await ArtifactSetReader.OpenAsync(store, setId, cancellationToken).ConfigureAwait(false);
        if (SegmentSummary.IsSegment(reader.Manifest))
        {
            var segment = SegmentSummary.FromManifest(reader.Manifest);
            return new ChainLink(setId, IsSegment: true, segment.End, segment.CapturedAt, segment.DataBytes);
        }

        var snapshot = SnapshotSummary.FromManifest(reader.Manifest);
        return new ChainLink(setId, IsSegment: false, snapshot.Position, snapshot.StartedAt, snapshot.DataBytes);
    }
}
