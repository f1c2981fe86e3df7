using System.Globalization;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Names and manifest keys of a binlog segment's artifact set (docs/backup-format.md, "Incremental backups"), shared
/// by the capturer, the applier and the summary.
/// </summary>
/// <remarks>
/// Each artifact is a binlog file of its own: the magic bytes, the source's format description, then whole event
/// groups (GTID … XID/COMMIT, or GTID + one DDL statement) as the source wrote them, annotate, rotate, GTID list,
/// checkpoint and heartbeat events left out. Any binlog reader (ours, <c>mariadb-binlog</c>) reads one.
/// </remarks>
internal static class SegmentFormat
{
    /// <summary>Version of the segment layout (artifact names, properties, what each artifact holds).</summary>
    public const int Version = 1;

    /// <summary>
    /// Raw bytes after which a segment artifact is closed at the next group boundary: bounds the capture's memory
    /// and the work a resumed restore repeats.
    /// </summary>
    public const int DefaultArtifactBytes = 32 * 1024 * 1024;

    public const string FormatVersionKey = "segment.formatVersion";
    public const string ParentIdKey = "segment.parentId";
    public const string StartFileKey = "segment.start.binlogFile";
    public const string StartPositionKey = "segment.start.binlogPosition";
    public const string StartGtidSetKey = "segment.start.gtidSet";
    public const string EndFileKey = "segment.end.binlogFile";
    public const string EndPositionKey = "segment.end.binlogPosition";
    public const string EndGtidSetKey = "segment.end.gtidSet";
    public const string FirstEventTimeKey = "segment.firstEventTime";
    public const string LastEventTimeKey = "segment.lastEventTime";
    public const string CapturedAtKey = "segment.capturedAt";
    public const string EventsKey = "segment.events";
    public const string TransactionsKey = "segment.transactions";
    public const string BinlogBytesKey = "segment.binlogBytes";
    public const string DataBytesKey = "segment.dataBytes";

    /// <summary>The folder of a segment's artifacts within its set.</summary>
    public const string PartArtifactFolder = "binlog/";

    /// <summary>The <paramref name="index"/>th artifact of a segment; the names sort in replay order.</summary>
    public static string PartArtifact(int index) => string.Create(CultureInfo.InvariantCulture, $"{PartArtifactFolder}part-{index:D5}.bin");

    /// <summary>The blob of a capture's progress document (<see cref="SegmentCaptureState"/>), beside the set's artifacts.</summary>
    public static string ProgressBlob(string setId) => $"{setId}/capture.json";

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string FormatNumber(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static long ParseNumber(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
