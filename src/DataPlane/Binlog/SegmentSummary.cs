using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Binlog;

/// <summary>What a completed binlog segment (an incremental backup) holds, as recorded in its manifest.</summary>
/// <param name="SetId">The artifact set holding the segment.</param>
/// <param name="ParentId">The set this segment continues: its <see cref="Start"/> is the parent's end.</param>
/// <param name="Start">Where the segment starts in the source's binlog (the parent's end coordinates).</param>
/// <param name="End">Where it ends: the source's binlog position when the capture began, and the GTID position there.</param>
/// <param name="FirstEventAt">Timestamp of the first stored event; null for an empty segment.</param>
/// <param name="LastEventAt">Timestamp of the last stored event; null for an empty segment.</param>
/// <param name="CapturedAt">
/// When <see cref="End"/> was read: the source had written nothing after the last event before this moment, so
/// the segment describes the source up to here.
/// </param>
/// <param name="Events">Events stored (format descriptions excluded).</param>
/// <param name="Transactions">Event groups (transactions and DDL statements) stored.</param>
/// <param name="BinlogBytes">Raw bytes of the stored events.</param>
/// <param name="StoredBytes">Bytes stored in Blob storage (compressed, possibly encrypted).</param>
/// <param name="DataBytes">Space the source's data took when the capture began: what a restore needs on its volume.</param>
public sealed record SegmentSummary(
    string SetId,
    string ParentId,
    BinlogCoordinates Start,
    BinlogCoordinates End,
    DateTimeOffset? FirstEventAt,
    DateTimeOffset? LastEventAt,
    DateTimeOffset CapturedAt,
    long Events,
    long Transactions,
    long BinlogBytes,
    long StoredBytes,
    long DataBytes)
{
    /// <summary>Whether a completed set's manifest is a segment's (rather than a snapshot's).</summary>
    public static bool IsSegment(ArtifactManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Properties.ContainsKey(SegmentFormat.FormatVersionKey);
    }

    /// <summary>The summary recorded in a segment set's manifest properties.</summary>
    /// <exception cref="ArtifactFormatException">The manifest is not a segment's, or of another segment format version.</exception>
    public static SegmentSummary FromManifest(ArtifactManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var properties = manifest.Properties;
        if (!properties.TryGetValue(SegmentFormat.FormatVersionKey, out var version))
        {
            throw new ArtifactFormatException(manifest.SetId, null, $"Artifact set '{manifest.SetId}' is complete but is not a binlog segment (its manifest has no '{SegmentFormat.FormatVersionKey}' property).");
        }

        if (version != SegmentFormat.FormatNumber(SegmentFormat.Version))
        {
            throw new ArtifactFormatException(manifest.SetId, null, $"Segment set '{manifest.SetId}' has segment format version {version}, and this code reads version {SegmentFormat.Version}; apply it with a matching version.");
        }

        try
        {
            return new SegmentSummary(
                manifest.SetId,
                properties[SegmentFormat.ParentIdKey],
                new BinlogCoordinates(properties[SegmentFormat.StartFileKey], SegmentFormat.ParseNumber(properties[SegmentFormat.StartPositionKey]), properties[SegmentFormat.StartGtidSetKey]),
                new BinlogCoordinates(properties[SegmentFormat.EndFileKey], SegmentFormat.ParseNumber(properties[SegmentFormat.EndPositionKey]), properties[SegmentFormat.EndGtidSetKey]),
                properties.TryGetValue(SegmentFormat.FirstEventTimeKey, out var first) ? SegmentFormat.ParseTime(first) : null,
                properties.TryGetValue(SegmentFormat.LastEventTimeKey, out var last) ? SegmentFormat.ParseTime(last) : null,
                SegmentFormat.ParseTime(properties[SegmentFormat.CapturedAtKey]),
                SegmentFormat.ParseNumber(properties[SegmentFormat.EventsKey]),
                SegmentFormat.ParseNumber(properties[SegmentFormat.TransactionsKey]),
                SegmentFormat.ParseNumber(properties[SegmentFormat.BinlogBytesKey]),
                manifest.Artifacts.Sum(a => a.StoredBytes),
                SegmentFormat.ParseNumber(properties[SegmentFormat.DataBytesKey]));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or OverflowException)
        {
            throw new ArtifactFormatException(manifest.SetId, null, $"The segment properties in the manifest of set '{manifest.SetId}' are missing or malformed ({ex.Message}); the set was altered and cannot be used.", ex);
        }
    }
}
