using System.Globalization;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Names and property keys of a snapshot's artifact set, shared by the dumper, the loader and the summary.</summary>
internal static class SnapshotFormat
{
    /// <summary>Version of the snapshot layout (artifact names, <c>snapshot.json</c>, LOAD DATA format).</summary>
    public const int Version = 1;

    public const string DocumentArtifact = "snapshot.json";

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
