namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// A point in a server's binary log: the file and byte position of the next event, and the GTID set
/// of every transaction before that point (MariaDB form, e.g. <c>0-1-42</c>; empty when none).
/// </summary>
/// <param name="File">Binlog file name, e.g. <c>mariadb-bin.000003</c>.</param>
/// <param name="Position">Byte offset in <paramref name="File"/> of the first event not included.</param>
/// <param name="GtidSet">GTID position matching the file and position.</param>
public sealed record BinlogCoordinates(string File, long Position, string GtidSet);
