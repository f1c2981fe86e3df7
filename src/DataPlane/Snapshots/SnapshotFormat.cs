using System.Globalization;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Names and property keys of a snapshot's artifact set, shared by the dumper, the loader and the summary.</summary>
internal static class SnapshotFormat
{
    /// <summary>Version of the snapshot layout (artifact names, <c>snapshot.json</c>, LOAD DATA format).</summary>
    public const int Version = 1;

    /// <summary>
    /// Version of a resumable dump's set: version 1's layout, whose chunks were each read in a snapshot of its own, plus a
    /// catch-up binlog segment (<see cref="CatchupSetKey"/>) that a load replays to bring every chunk to the set's
    /// coordinates. Code reading only version 1 refuses it rather than load the chunks without their catch-up.
    /// </summary>
    public const int ResumableVersion = 2;

    public const string DocumentArtifact = "snapshot.json";

    /// <summary>The catch-up segment's set id (a resumable dump's, version 2).</summary>
    public const string CatchupSetKey = "snapshot.catchupSet";

    /// <summary>
    /// Per table (<c>database.table</c> unquoted, JSON object), the GTID position every chunk of it already contains:
    /// the catch-up replay skips that table's changes up to there.
    /// </summary>
    public const string TablePositionsKey = "snapshot.tablePositions";

    /// <summary>The catch-up segment's set of a resumable dump into <paramref name="setId"/>.</summary>
    public static string CatchupSetId(string setId) => $"{setId}.catchup";

    /// <summary>The blob of a resumable dump's progress document, beside the set's artifacts.</summary>
    public static string ProgressBlob(string setId) => $"{setId}/dump.json";

    public const string FormatVersionKey = "snapshot.formatVersion";
    public const string BinlogFileKey = "snapshot.binlogFile";
    public const string BinlogPositionKey = "snapshot.binlogPosition";
    public const string GtidSetKey = "snapshot.gtidSet";
    public const string DatabasesKey = "snapshot.databases";
    public const string TablesKey = "snapshot.tables";
    public const string RowsKey = "snapshot.rows";
    public const string DataBytesKey = "snapshot.dataBytes";

    /// <summary>The chunk artifact of a table, named by indexes only (identifiers may hold any character).</summary>
    public static string ChunkArtifact(int tableIndex, int chunkIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"tables/{tableIndex:D5}/chunk-{chunkIndex:D5}.tsv");

    // The LOAD DATA options matching what TsvRowWriter writes (the statement's defaults, spelled out): values as
    // bytes, tab between fields, newline after each row, backslash escapes.
    public const string LoadCharacterSet = "binary";
    public const string FieldTerminator = "\t";
    public const char EscapeCharacter = '\\';
    public const string LineTerminator = "\n";
}
