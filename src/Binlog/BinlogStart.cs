using System.Globalization;

namespace Serverless.Binlog;

/// <summary>
/// Where a binlog read starts: a file and position, a MariaDB GTID position, or (MySQL) the set of transactions the
/// reader already has. Create one with <see cref="AtPosition"/>, <see cref="AfterMariaDbGtids"/> or
/// <see cref="AfterMySqlGtids"/>.
/// </summary>
public sealed record BinlogStart
{
    private BinlogStart()
    {
    }

    /// <summary>The binlog file to start in, for a position start.</summary>
    public string? FileName { get; private init; }

    /// <summary>The offset in <see cref="FileName"/> of the first event to send; 4 is the start of a file.</summary>
    public long Position { get; private init; } = 4;

    /// <summary>For a MariaDB GTID start: the transactions after these are sent, e.g. <c>0-1-28,7-1-1</c>.</summary>
    public IReadOnlyList<MariaDbGtid>? MariaDbGtids { get; private init; }

    /// <summary>For a MySQL GTID start: every transaction not in this set is sent.</summary>
    public MySqlGtidSet? MySqlGtids { get; private init; }

    /// <summary>Starts at <paramref name="position"/> of binlog file <paramref name="fileName"/>.</summary>
    /// <param name="fileName">The binlog file name as SHOW BINARY LOGS lists it, e.g. <c>mariadb-bin.000001</c>.</param>
    /// <param name="position">The offset of an event boundary; 4 (the default) is the start of the file.</param>
    /// <returns>The start.</returns>
    public static BinlogStart AtPosition(string fileName, long position = 4)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, uint.MaxValue);
        return new BinlogStart { FileName = fileName, Position = position };
    }

    /// <summary>Starts after the transactions of a MariaDB GTID position (MariaDB servers only).</summary>
    /// <param name="gtidPosition">The position, e.g. <c>0-1-28,7-1-1</c>, as recorded with a backup; empty for the beginning.</param>
    /// <returns>The start.</returns>
    /// <exception cref="FormatException">The text is not a GTID position.</exception>
    public static BinlogStart AfterMariaDbGtids(string gtidPosition) =>
        new() { MariaDbGtids = MariaDbGtid.ParsePosition(gtidPosition) };

    /// <summary>Starts with the first transaction that is not in <paramref name="executed"/> (MySQL servers only).</summary>
    /// <param name="executed">The transactions the reader already has.</param>
    /// <returns>The start.</returns>
    public static BinlogStart AfterMySqlGtids(MySqlGtidSet executed)
    {
        ArgumentNullException.ThrowIfNull(executed);
        return new BinlogStart { MySqlGtids = executed };
    }

    /// <summary>Describes the start for messages and logs.</summary>
    /// <returns>E.g. <c>mariadb-bin.000001:4</c> or <c>GTID position 0-1-28</c>.</returns>
    public override string ToString() =>
        MariaDbGtids is { } mariaDb ? $"GTID position '{MariaDbGtid.FormatPosition(mariaDb)}'"
        : MySqlGtids is { } mySql ? $"GTID set '{mySql}'"
        : string.Create(CultureInfo.InvariantCulture, $"{FileName}:{Position}");
}
