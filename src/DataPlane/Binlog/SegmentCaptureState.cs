using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// A capture's durable progress, the set's <c>capture.json</c> blob (docs/backup-format.md, "Resuming a capture"):
/// the end the first attempt fixed, the artifacts stored for good, and where the next one starts. Replaced only
/// under its ETag, so of two attempts running at once (a step delivered twice) one records each artifact and the
/// other starts again from what was recorded: the segment never holds two overlapping artifacts.
/// </summary>
internal sealed record SegmentCaptureState
{
    public required string ParentId { get; init; }

    public required string StartFile { get; init; }

    public required long StartPosition { get; init; }

    public required string StartGtidSet { get; init; }

    public required string EndFile { get; init; }

    public required long EndPosition { get; init; }

    public required DateTimeOffset CapturedAt { get; init; }

    public required long DataBytes { get; init; }

    /// <summary>Binlog bytes from the start to the end, for progress.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>The artifacts stored for good, in order; the next one is number <c>Parts.Count</c>.</summary>
    public IReadOnlyList<ArtifactDescriptor> Parts { get; init; } = [];

    /// <summary>The binlog position after the last event of the last stored artifact: where a resumed capture reads from.</summary>
    public required string ResumeFile { get; init; }

    /// <summary>See <see cref="ResumeFile"/>.</summary>
    public required long ResumePosition { get; init; }

    /// <summary>The GTID position after the last stored group, per replication domain.</summary>
    public required string GtidPosition { get; init; }

    public long Events { get; init; }

    public long Transactions { get; init; }

    public long BinlogBytes { get; init; }

    public DateTimeOffset? FirstEventAt { get; init; }

    public DateTimeOffset? LastEventAt { get; init; }
}
