namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// The <c>snapshot.json</c> artifact: everything a load needs besides the rows. Internal format, versioned by
/// <see cref="SnapshotFormat.Version"/>; it holds account password hashes, so it never goes to a log. The binlog
/// coordinates, counts and sizes are in the manifest (<see cref="SnapshotSummary.FromManifest"/>), not here.
/// </summary>
internal sealed record SnapshotDocument(
    int FormatVersion,
    IReadOnlyList<SnapshotDatabase> Databases,
    IReadOnlyList<SnapshotUser> Users);

/// <summary>
/// One database: its DDL, its sequences (DDL and the next value, as one script), its tables and its stored
/// objects in creation order.
/// </summary>
internal sealed record SnapshotDatabase(
    string Name,
    string CreateSql,
    IReadOnlyList<SnapshotObject> Sequences,
    IReadOnlyList<SnapshotTable> Tables,
    IReadOnlyList<SnapshotObject> Views,
    IReadOnlyList<SnapshotObject> Routines,
    IReadOnlyList<SnapshotObject> Triggers,
    IReadOnlyList<SnapshotObject> Events);

/// <summary>
/// One base table: its DDL (whole, and without the secondary indexes a load may add after the rows), the
/// LOAD DATA column list and SET clause matching the chunks' columns, and the chunks.
/// </summary>
internal sealed record SnapshotTable(
    string Name,
    string CreateSql,
    string CreateSqlWithoutSecondaryIndexes,
    string? AddSecondaryIndexesSql,
    IReadOnlyList<string> LoadColumns,
    string? LoadSet,
    IReadOnlyList<SnapshotChunk> Chunks,
    long Rows);

/// <summary>One chunk artifact of a table (LOAD DATA default format) and the rows in it.</summary>
internal sealed record SnapshotChunk(string Artifact, long Rows);

/// <summary>A view, routine, trigger or event: its DDL and the session settings it was created under.</summary>
internal sealed record SnapshotObject(string Name, string CreateSql, string? SqlMode, string? TimeZone);

/// <summary>An account: <c>SHOW CREATE USER</c> (with its password hash) and <c>SHOW GRANTS</c>.</summary>
internal sealed record SnapshotUser(string User, string Host, string CreateSql, IReadOnlyList<string> Grants);
