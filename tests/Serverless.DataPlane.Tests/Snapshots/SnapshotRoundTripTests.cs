using Serverless.DataPlane.Snapshots;
using MySqlConnector;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

public sealed class SnapshotRoundTripTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    private const string TypesTable = """
        CREATE TABLE types (
          id INT PRIMARY KEY,
          ti TINYINT, si SMALLINT UNSIGNED, mi MEDIUMINT, bi BIGINT UNSIGNED, sb BIGINT,
          dec1 DECIMAL(30,10), f FLOAT, d DOUBLE,
          b1 BIT(1), b13 BIT(13), b64 BIT(64),
          dt DATETIME(6), ts TIMESTAMP(3) NULL DEFAULT NULL, dd DATE, tt TIME(6), yy YEAR,
          c CHAR(10), vc VARCHAR(100) CHARACTER SET utf8mb4, lat VARCHAR(50) CHARACTER SET latin1,
          tx TEXT, bl BLOB, bn BINARY(4), vb VARBINARY(20),
          e ENUM('a','b','c'), s SET('x','y','z'),
          j JSON,
          g GEOMETRY, p POINT, poly POLYGON,
          ip INET6, u UUID,
          gen_v INT AS (ti * 2) VIRTUAL,
          gen_s VARCHAR(120) AS (CONCAT(vc, '!')) PERSISTENT,
          KEY k_vc (vc), UNIQUE KEY k_u (u)
        ) DEFAULT CHARSET = utf8mb4
        """;

    private const string Columns = "id, ti, si, mi, bi, sb, dec1, f, d, b1, b13, b64, dt, ts, dd, tt, yy, c, vc, lat, tx, bl, bn, vb, e, s, j, g, p, poly, ip, u, gen_v, gen_s";

    private const string TypesRows = """
        SET SESSION sql_mode = '', time_zone = '+00:00';
        INSERT INTO types (id) VALUES (1);
        INSERT INTO types (id, ti, si, mi, bi, sb, dec1, f, d, b1, b13, b64, dt, ts, dd, tt, yy, c, vc, lat, tx, bl, bn, vb, e, s, j, g, p, poly, ip, u) VALUES
          (2, -128, 65535, -8388608, 18446744073709551615, -9223372036854775808, -12345678901234567890.0123456789, 3.4028235e38, -1.7976931348623157e308,
           b'1', b'1010101010101', b'1111111111111111111111111111111111111111111111111111111111111111',
           '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999', '1000-01-01', '-838:59:59.000000', 2155,
           '', '', '', '', '', '', '', 'a', '', '{}',
           ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('POINT(-1.5 2.25)', 4326), ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))'),
           '::', '00000000-0000-0000-0000-000000000000'),
          (3, 0, 0, 0, 0, 0, 0, 1.17549435e-38, 4.9406564584124654e-324,
           b'0', b'0', b'0',
           '0000-00-00 00:00:00', '1970-01-01 00:00:01', '0000-00-00', '00:00:00', 0,
           'x\ty', 'tab\there\nnewline\\backslash \\N N \0nul\r\n', 'café naïve', 'line1\nline2', X'00090A5C4E0D0A', X'000A5C09', X'5C4E',
           'c', 'x,y,z', '{"emoji":"😀 中文","tab":"\\t","nested":[1,2.5,null,true]}',
           ST_GeomFromText('LINESTRING(0 0,1 1,2 1)'), ST_GeomFromText('POINT(1 2)'), NULL,
           '2001:db8::ff00:42:8329', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
          (4, 127, 1, 8388607, 9223372036854775808, 9223372036854775807, 99999999999999999999.9999999999, -0.1, 0.1,
           NULL, b'1000000000000', b'1000000000000000000000000000000000000000000000000000000000000000',
           '2024-02-29 12:34:56.123456', '2024-03-31 01:30:00.5', '2024-02-29', '12:00:00.5', 1901,
           'emoji', CONCAT('smile ', CHAR(0xF09F9880 USING utf8mb4), ' and ', CHAR(0xF09F91A8E2808DF09F91A9 USING utf8mb4)), CONVERT(X'E9E8FF' USING latin1),
           REPEAT('long text ', 5000), RANDOM_BYTES(1024), X'FFFFFFFF', X'',
           'b', '', JSON_OBJECT('k', 'v\n"quoted"', 'n', 1e100),
           ST_GeomFromText('MULTIPOLYGON(((0 0,1 0,1 1,0 0)))', 3857), ST_GeomFromText('POINT(1e300 -1e-300)'), ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'),
           '::ffff:192.0.2.1', '123e4567-e89b-12d3-a456-426614174000');
        INSERT INTO types (id, vc, lat, tx, bl) VALUES (5, '\\N', 'N', 'NULL', '\\N');
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_RestoresEveryColumnType_RowForRowAndByteForByte(bool direct)
    {
        var database = Unique("types");
        await TableContent.ExecuteAsync(environment.SourceOptions, $"CREATE DATABASE {database}; USE {database}; {TypesTable}; {TypesRows}");
        var warnings = await CopyAsync(direct, "types", new SnapshotDumpOptions { Databases = [database], IncludeUsers = false }, new SnapshotLoadOptions { IncludeUsers = false });

        // A value the server had to convert or truncate on the way in would show up as a LOAD DATA warning.
        Assert.Empty(warnings);

        var expected = await TableContent.ExactRowsAsync(environment.SourceOptions, $"{database}.types", Columns, "id");
        var actual = await TableContent.ExactRowsAsync(environment.TargetOptions, $"{database}.types", Columns, "id");
        Assert.Equal(5, actual.Count);
        var columns = Columns.Split(", ");
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i].Split('|'), actual[i].Split('|'));
            var differing = Enumerable.Range(0, want.Length).Where(c => want[c] != got[c]).Select(c => $"{columns[c]}: {want[c]} != {got[c]}");
            Assert.True(want.SequenceEqual(got), $"Row {i + 1} differs: {string.Join("; ", differing)}");
        }

        // Geometry compared as the SRID and WKB the server reports, not just the stored bytes.
        var geometry = $"SELECT id, ST_SRID(p), ST_AsText(p), ST_AsText(g), ST_AsText(poly) FROM {database}.types ORDER BY id";
        Assert.Equal(await TableContent.RowsAsync(environment.SourceOptions, geometry), await TableContent.RowsAsync(environment.TargetOptions, geometry));

        // The deferred secondary indexes are back, in their original order.
        var create = $"SHOW CREATE TABLE {database}.types";
        Assert.Equal(await TableContent.RowsAsync(environment.SourceOptions, create), await TableContent.RowsAsync(environment.TargetOptions, create));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_RestoresViewsRoutinesTriggersEventsSequencesUsersAndGrants(bool direct)
    {
        var database = Unique("objects");
        var user = Unique("app");
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL, audited INT NOT NULL DEFAULT 0);
            CREATE TABLE audit (order_id INT, note VARCHAR(50));
            CREATE SEQUENCE ticket START WITH 100 INCREMENT BY 5 NOCACHE;
            CREATE TABLE tickets (id INT NOT NULL DEFAULT NEXT VALUE FOR ticket PRIMARY KEY, note VARCHAR(20));
            INSERT INTO tickets (note) VALUES ('first'), ('second');
            INSERT INTO orders (amount) VALUES (10.50), (20.25), (30);
            CREATE VIEW z_base AS SELECT id, amount FROM orders WHERE amount > 15;
            CREATE VIEW a_total AS SELECT SUM(amount) AS total FROM z_base;
            CREATE FUNCTION doubled(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
            CREATE VIEW b_doubled AS SELECT doubled(id) AS d FROM orders ORDER BY id;
            CREATE PROCEDURE add_order(IN a DECIMAL(10,2)) BEGIN INSERT INTO orders (amount) VALUES (a); SELECT LAST_INSERT_ID(); END;
            CREATE TRIGGER orders_ai AFTER INSERT ON orders FOR EACH ROW INSERT INTO audit VALUES (NEW.id, CONCAT('added ', NEW.amount));
            CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM audit;
            CREATE USER '{user}'@'%' IDENTIFIED BY 'S3cret!pw';
            GRANT SELECT, INSERT ON {database}.* TO '{user}'@'%';
            GRANT EXECUTE ON PROCEDURE {database}.add_order TO '{user}'@'%';
            CREATE USER 'skipped_{user[..8]}'@'localhost' IDENTIFIED BY 'other';
            """);
        await CopyAsync(direct, "objects", new SnapshotDumpOptions { Databases = [database], ExcludedUsers = ["admin", $"skipped_{user[..8]}"] }, new SnapshotLoadOptions());

        var target = environment.TargetOptions;
        Assert.Equal(50.25m, Convert.ToDecimal(await TableContent.ScalarAsync(target, $"SELECT total FROM {database}.a_total"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(42L, Convert.ToInt64(await TableContent.ScalarAsync(target, $"SELECT {database}.doubled(21)"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(12L, Convert.ToInt64(await TableContent.ScalarAsync(target, $"SELECT SUM(d) FROM {database}.b_doubled"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0L, await TableContent.ScalarAsync(target, $"SELECT COUNT(*) FROM {database}.audit"));
        await TableContent.ExecuteAsync(target, $"INSERT INTO {database}.tickets (note) VALUES ('third')");
        Assert.Equal(110L, Convert.ToInt64(await TableContent.ScalarAsync(target, $"SELECT MAX(id) FROM {database}.tickets"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("nightly", await TableContent.ScalarAsync(target, $"SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{database}'"));
        Assert.Equal(0L, await TableContent.ScalarAsync(target, $"SELECT COUNT(*) FROM mysql.user WHERE User = 'skipped_{user[..8]}'"));

        // The restored account logs in with its original password and has exactly its grants.
        var app = target with { User = user, Password = "S3cret!pw" };
        await using (var connection = await TableContent.OpenAsync(app, database))
        {
            await using (var call = new MySqlCommand("CALL add_order(5)", connection))
            {
                await call.ExecuteNonQueryAsync();
            }

            Assert.Equal(4L, await new MySqlCommand("SELECT COUNT(*) FROM orders", connection).ExecuteScalarAsync());
            Assert.Equal(1L, await new MySqlCommand("SELECT COUNT(*) FROM audit", connection).ExecuteScalarAsync());
            var denied = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("DELETE FROM orders", connection).ExecuteNonQueryAsync());
            Assert.Equal(MySqlErrorCode.TableAccessDenied, denied.ErrorCode);
        }

        var wrong = await Assert.ThrowsAsync<MySqlException>(() => TableContent.OpenAsync(app with { Password = "wrong" }, database));
        Assert.Equal(MySqlErrorCode.AccessDenied, wrong.ErrorCode);
    }

    /// <summary>
    /// Copies the source into the target through an artifact set (dump, then load) or straight (<see cref="SnapshotCopier"/>,
    /// the replica seed's path); returns the warnings logged while loading.
    /// </summary>
    private async Task<IReadOnlyCollection<string>> CopyAsync(bool direct, string setId, SnapshotDumpOptions dump, SnapshotLoadOptions load)
    {
        if (direct)
        {
            var copyLog = new RecordingLogger<SnapshotCopier>();
            var position = await new SnapshotCopier(copyLog).CopyAsync(environment.SourceOptions, environment.TargetOptions, dump, load, CancellationToken.None);
            Assert.False(string.IsNullOrEmpty(position.File));
            return copyLog.Warnings;
        }

        var store = await environment.CreateStoreAsync();
        await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, setId, dump, CancellationToken.None);
        var log = new RecordingLogger<SnapshotLoader>();
        await new SnapshotLoader(store, log).LoadAsync(setId, environment.TargetOptions, load, CancellationToken.None);
        return log.Warnings;
    }

    [Fact]
    public async Task DumpAndLoad_ReportProgress_ThatReachesTheTotal()
    {
        var database = Unique("progress");
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100));
            INSERT INTO t SELECT seq, REPEAT('x', seq % 100) FROM seq_1_to_20000;
            """);
        var store = await environment.CreateStoreAsync();
        var dumpProgress = new RecordingProgress();
        var loadProgress = new RecordingProgress();

        var summary = await new SnapshotDumper(store).DumpAsync(
            environment.SourceOptions, "progress", new SnapshotDumpOptions { Databases = [database], ChunkRows = 3000, Progress = dumpProgress, IncludeUsers = false }, CancellationToken.None);
        await new SnapshotLoader(store).LoadAsync("progress", environment.TargetOptions, new SnapshotLoadOptions { Progress = loadProgress, IncludeUsers = false }, CancellationToken.None);

        Assert.Equal(20000, summary.Rows);
        foreach (var reports in new[] { dumpProgress.Reports.ToList(), loadProgress.Reports.ToList() })
        {
            Assert.NotEmpty(reports);
            Assert.Equal(new SnapshotProgress(20000, 20000, reports[^1].BytesDone), reports[^1]);
            Assert.True(reports[^1].BytesDone > 20000 * 50);
            Assert.All(reports, r => Assert.InRange(r.RowsDone, 0, r.RowsTotal));
        }
    }

    [Fact]
    public async Task Copy_OfAChunkedTableUnderInserts_HoldsExactlyTheRowsBeforeItsGtidPosition_AndReportsProgress()
    {
        var database = Unique("copy");
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100), KEY k_v (v));
            INSERT INTO t SELECT seq, REPEAT('x', seq % 100) FROM seq_1_to_20000;
            """);
        var progress = new RecordingProgress();

        // Each insert is its own transaction, so the GTID position says exactly which of them the copy holds.
        using var stop = new CancellationTokenSource();
        var inserted = Task.Run(async () =>
        {
            await using var connection = await TableContent.OpenAsync(environment.SourceOptions, database);
            var id = 100_000;
            while (!stop.IsCancellationRequested)
            {
                await using var insert = new MySqlCommand($"INSERT INTO t VALUES ({id++}, 'during')", connection);
                await insert.ExecuteNonQueryAsync();
            }

            return id - 100_000;
        });
        var position = await new SnapshotCopier().CopyAsync(
            environment.SourceOptions,
            environment.TargetOptions,
            new SnapshotDumpOptions { Databases = [database], ChunkRows = 3000, Progress = progress, IncludeUsers = false },
            new SnapshotLoadOptions { LoadId = "copy-test" },
            CancellationToken.None);
        await stop.CancelAsync();
        Assert.True(await inserted > 0);

        // One consistent view: the copy holds a prefix of the inserts (ids from 100,000 with no gap), and every other row
        // as the source has it.
        var copied = Convert.ToInt64(await TableContent.ScalarAsync(environment.TargetOptions, $"SELECT COUNT(*) FROM {database}.t WHERE id >= 100000"), System.Globalization.CultureInfo.InvariantCulture);
        var maxCopied = Convert.ToInt64(await TableContent.ScalarAsync(environment.TargetOptions, $"SELECT COALESCE(MAX(id), 99999) FROM {database}.t"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(copied, maxCopied - 99_999);
        Assert.Equal(20_000 + copied, Convert.ToInt64(await TableContent.ScalarAsync(environment.TargetOptions, $"SELECT COUNT(*) FROM {database}.t"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            await TableContent.RowsAsync(environment.SourceOptions, $"SELECT COUNT(*), SUM(CRC32(CONCAT(id, v))) FROM {database}.t WHERE id <= {maxCopied}"),
            await TableContent.RowsAsync(environment.TargetOptions, $"SELECT COUNT(*), SUM(CRC32(CONCAT(id, v))) FROM {database}.t"));
        Assert.False(string.IsNullOrEmpty(position.GtidSet));

        // The deferred index is back, and the load's progress records are gone.
        Assert.Equal(
            await TableContent.RowsAsync(environment.SourceOptions, $"SHOW CREATE TABLE {database}.t"),
            await TableContent.RowsAsync(environment.TargetOptions, $"SHOW CREATE TABLE {database}.t"));
        await TableContent.AssertNoLoadProgressAsync(environment.TargetOptions, "copy-test");
        var reports = progress.Reports.ToList();
        Assert.NotEmpty(reports);
        Assert.Equal(reports[^1].RowsTotal, reports[^1].RowsDone);
        Assert.True(reports[^1].RowsDone >= 20_000);
    }

    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
