using MySqlConnector;

namespace Serverless.Binlog.Tests;

/// <summary>
/// A generated workload that exercises the event types a real source writes: DDL, inserts of every common column
/// type (NULLs, negatives, fractions, non-ASCII text), a multi-statement transaction with updates and deletes, a row
/// over 16 MiB (its rows event arrives as several packets), and a MyISAM write (a COMMIT query instead of an XID).
/// </summary>
internal static class Workload
{
    public const string TypedTableColumns = """
        id INT PRIMARY KEY AUTO_INCREMENT, tiny TINYINT, small SMALLINT, medium MEDIUMINT, big BIGINT,
        amount DECIMAL(20,6), f FLOAT, d DOUBLE, vc VARCHAR(300), ch CHAR(10), bin VARBINARY(50), txt TEXT,
        blb LONGBLOB, dt DATETIME(6), ts TIMESTAMP(3) NULL, dte DATE, tm TIME(3), yr YEAR, en ENUM('a','b','c'),
        st SET('x','y','z'), bt BIT(12)
        """;

    /// <summary>The first typed row; <see cref="FirstRowValues"/> is what the decoder must give for it.</summary>
    public const string FirstRowInsert = """
        INSERT INTO typed (tiny, small, medium, big, amount, f, d, vc, ch, bin, txt, blb, dt, ts, dte, tm, yr, en, st, bt) VALUES
        (-5, -300, -70000, -9000000000, -12345.678901, 1.5, -2.25, 'héllo wörld', 'abc', X'00FF10', 'text value', X'DEADBEEF',
         '2024-02-29 13:14:15.123456', '2021-06-01 10:00:00.500', '1999-12-31', '-12:34:56.789', 2024, 'b', 'x,z', b'101000000001')
        """;

    /// <summary>The decoded values of <see cref="FirstRowInsert"/>, column by column.</summary>
    public static readonly object?[] FirstRowValues =
    [
        1L, -5L, -300L, -70000L, -9000000000L, "-12345.678901", 1.5f, -2.25d, "héllo wörld"u8.ToArray(), "abc"u8.ToArray(),
        new byte[] { 0x00, 0xFF, 0x10 }, "text value"u8.ToArray(), new byte[] { 0xDE, 0xAD, 0xBE, 0xEF },
        "2024-02-29 13:14:15.123456", "1622541600.500", "1999-12-31", "-12:34:56.789", 2024L, 2, 0b101UL, 0b101000000001UL,
    ];

    /// <summary>Statements with their text as the binlog carries it (one line each), so tests can look for them.</summary>
    public static IReadOnlyList<string> Statements(string database) =>
    [
        $"CREATE DATABASE {database}",
        $"CREATE TABLE {database}.typed ({TypedTableColumns.ReplaceLineEndings(" ")}) ENGINE=InnoDB",
        $"CREATE TABLE {database}.plain (id INT PRIMARY KEY, note VARCHAR(20)) ENGINE=MyISAM",
    ];

    public static async Task RunAsync(MySqlConnection connection, string database)
    {
        foreach (var statement in Statements(database))
        {
            await connection.ExecuteAsync(statement);
        }

        await connection.ExecuteAsync($"USE {database}");
        await connection.ExecuteAsync("SET time_zone = '+00:00'");
        await connection.ExecuteAsync(FirstRowInsert.ReplaceLineEndings(" "));
        await connection.ExecuteAsync("INSERT INTO typed (tiny, vc, amount) VALUES (1, 'one', 0.5), (2, 'two', 100), (3, NULL, NULL)");
        await connection.ExecuteAsync("BEGIN");
        await connection.ExecuteAsync("INSERT INTO typed (tiny, vc) VALUES (4, 'four')");
        await connection.ExecuteAsync("UPDATE typed SET vc = CONCAT(vc, '!'), big = 42 WHERE tiny IN (1, 2)");
        await connection.ExecuteAsync("DELETE FROM typed WHERE tiny = 3");
        await connection.ExecuteAsync("COMMIT");
        await connection.ExecuteAsync("INSERT INTO typed (tiny, blb) VALUES (9, REPEAT('z', 17 * 1024 * 1024))");
        await connection.ExecuteAsync("INSERT INTO plain VALUES (1, 'myisam')");
        await connection.ExecuteAsync("ALTER TABLE typed ADD COLUMN extra INT");
        await connection.ExecuteAsync("UPDATE typed SET extra = id");
        await connection.ExecuteAsync("DROP TABLE plain");
    }
}
