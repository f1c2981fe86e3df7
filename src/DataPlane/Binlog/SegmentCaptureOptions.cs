using Serverless.Binlog.Events;

namespace Serverless.DataPlane.Binlog;

/// <summary>How <see cref="SegmentCapturer"/> captures a segment.</summary>
public sealed record SegmentCaptureOptions
{
    /// <summary>
    /// Raw bytes after which an artifact is closed at the next event-group boundary (the capture holds one artifact
    /// in memory at a time).
    /// </summary>
    public int ArtifactBytes { get; init; } = DefaultArtifactBytes;

    /// <summary>The default of <see cref="ArtifactBytes"/>: 32 MiB.</summary>
    public const int DefaultArtifactBytes = SegmentFormat.DefaultArtifactBytes;

    /// <summary>How long the replication stream may stay silent before the capture fails.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Says why a statement (a query event other than the rows of a transaction) may not be in the segment, or null when
    /// it may: the capture then fails with that reason. Null accepts every statement.
    /// </summary>
    public Func<QueryEvent, string?>? StatementRefusal { get; init; }

    /// <summary>Told each time an artifact is stored for good; null for nobody.</summary>
    public IProgress<SegmentCaptureProgress>? Progress { get; init; }
}
