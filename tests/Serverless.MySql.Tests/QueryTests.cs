using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class QueryTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task TypedAccessors_ReadEveryKindOfValue()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("typed");
        await connection.ExecuteAsync("CREATE TABLE bits (b BIT(3)); INSERT INTO bits VALUES (b'101')");
        await using var reader = await connection.QueryAsync(
            "SELECT -9223372036854775808, 18446744073709551615, CAST(-128 AS SIGNED), 12345678901234567890.123456789, " +
            "CAST(1.5e300 AS DOUBLE), DATE '2024-02-29', TIMESTAMP '2024-02-29 23:59:58.123456', TIME '-838:59:59', " +
            "X'00FF10', NULL, bits.b, 'héllo 🐬', CAST('0000-00-00' AS DATE), UUID() IS NOT NULL, TIME '12:34:56.5' FROM bits");

        Assert.True(await reader.ReadAsync());
        Assert.Equal(long.MinValue, reader.GetInt64(0));
        Assert.Equal(ulong.MaxValue, reader.GetUInt64(1));
        Assert.Equal(ulong.MaxValue, reader.GetValue(1));
        Assert.Equal(-128, reader.GetInt32(2));
        Assert.Equal(12345678901234567890.123456789m, reader.GetDecimal(3));
        Assert.Equal(1.5e300, reader.GetDouble(4));
        Assert.Equal(new DateTime(2024, 2, 29), reader.GetDateTime(5));
        Assert.Equal(new DateOnly(2024, 2, 29), reader.GetDateOnly(5));
        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 58).AddTicks(1234560), reader.GetDateTime(6));
        Assert.Equal(-new TimeSpan(838, 59, 59), reader.GetTimeSpan(7));
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x10 }, reader.GetBytes(8));
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x10 }, reader.GetValue(8));
        Assert.True(reader.IsDBNull(9));
        Assert.Null(reader.GetValue(9));
        Assert.Throws<InvalidCastException>(() => reader.GetString(9));
        Assert.Equal(MySqlColumnType.Bit, reader.Columns[10].Type);
        Assert.Equal(5UL, reader.GetUInt64(10));
        Assert.Equal("héllo 🐬", reader.GetString(11));
        Assert.Equal("0000-00-00", reader.GetString(12));
        Assert.Equal("0000-00-00", reader.GetValue(12));
        var zeroDate = Assert.Throws<InvalidCastException>(() => reader.GetDateTime(12));
        Assert.Contains("GetString", zeroDate.Message, StringComparison.Ordinal);
        Assert.True(reader.GetBoolean(13));
        Assert.Equal(new TimeSpan(0, 12, 34, 56, 500), reader.GetTimeSpan(14));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Columns_DescribeTheResult()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("columns");
        await connection.ExecuteAsync("CREATE TABLE t (id INT UNSIGNED NOT NULL PRIMARY KEY, payload BLOB, note VARCHAR(20))");
        await using var reader = await connection.QueryAsync("SELECT id, payload, note AS n FROM t");

        Assert.Equal(["id", "payload", "n"], reader.Columns.Select(c => c.Name));
        Assert.Equal("note", reader.Columns[2].OriginalName);
        Assert.Equal("t", reader.Columns[0].OriginalTable);
        Assert.True(reader.Columns[0].IsUnsigned);
        Assert.True(reader.Columns[1].IsBinary);
        Assert.False(reader.Columns[2].IsBinary);
        Assert.Equal(2, reader.GetOrdinal("N"));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task MultiStatement_ReturnsEachResult_InOrder()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("multi");
        await using var reader = await connection.QueryAsync(
            "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT); INSERT INTO t (v) VALUES (10), (20), (30); " +
            "SELECT v FROM t ORDER BY id; UPDATE t SET v = v + 1 WHERE v > 10; SELECT COUNT(*), SUM(v) FROM t");

        Assert.Empty(reader.Columns);
        Assert.True(await reader.NextResultAsync());
        Assert.Equal(3UL, reader.CurrentResult!.AffectedRows);
        Assert.Equal(1UL, reader.CurrentResult.LastInsertId);
        Assert.True(await reader.NextResultAsync());
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        Assert.Equal([10L, 20L, 30L], values);
        Assert.True(await reader.NextResultAsync());
        Assert.Equal(2UL, reader.CurrentResult!.AffectedRows);
        Assert.Contains("Rows matched: 2", reader.CurrentResult.Info, StringComparison.Ordinal);
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        Assert.Equal(3L, reader.GetInt64(0));
        Assert.Equal(62m, reader.GetDecimal(1));
        Assert.False(await reader.NextResultAsync());
        Assert.Equal(5UL, reader.RecordsAffected);
    }

    [Fact]
    public async Task ErrorPartWayThroughABatch_StopsIt_AndLeavesTheConnectionUsable()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("batch_error");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");

        var error = await Assert.ThrowsAsync<MySqlServerException>(
            () => connection.ExecuteAsync("INSERT INTO t VALUES (1); SELECT * FROM missing_table; INSERT INTO t VALUES (2)"));

        Assert.Equal(MySqlErrorCode.NoSuchTable, error.ErrorCode);
        Assert.Equal(1L, await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task OkInformation_ReportsAffectedRowsInsertIdAndWarnings()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("ok_info");
        await connection.ExecuteAsync("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, small TINYINT)");

        var insert = await connection.ExecuteAsync("INSERT INTO t (small) VALUES (?), (?)", [1, 2]);
        var truncated = await connection.ExecuteAsync("INSERT IGNORE INTO t (small) VALUES (1000)");

        Assert.Equal(2UL, insert.AffectedRows);
        Assert.Equal(1UL, insert.LastInsertId);
        Assert.Equal(0, insert.Warnings);
        Assert.Equal(3UL, truncated.LastInsertId);
        Assert.Equal(1, truncated.Warnings);
    }

    [Fact]
    public async Task RowsAndStatementsLargerThan16MiB_RoundTrip()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("large");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, body LONGBLOB)");
        var body = new byte[(17 * 1024 * 1024) + 123];
        new Random(7).NextBytes(body);

        await connection.ExecuteAsync("INSERT INTO t VALUES (1, ?)", [body]);
        await using var reader = await connection.QueryAsync("SELECT body, LENGTH(body), REPEAT('x', 0xFFFFFF - 5) FROM t");

        Assert.True(await reader.ReadAsync());
        Assert.Equal(body.Length, reader.GetInt32(1));
        Assert.True(body.AsSpan().SequenceEqual(reader.GetRawValue(0)));
        Assert.Equal(0xFFFFFF - 5, reader.GetRawValue(2).Length);
    }

    [Fact]
    public async Task ReaderDisposedEarly_DrainsSoTheNextCommandWorks()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();

        await using (var reader = await connection.QueryAsync("SELECT seq FROM mysql.seq_1_to_50000; SELECT 'second'"))
        {
            Assert.True(await reader.ReadAsync());
        }

        Assert.Equal(7L, await connection.ExecuteScalarAsync("SELECT 7"));
    }

    [Fact]
    public async Task SecondCommand_WhileAReaderIsOpen_IsRefused()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await using var reader = await connection.QueryAsync("SELECT 1");

        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ExecuteAsync("SELECT 2"));
    }

    [Fact]
    public async Task PingResetAndChangeDatabase_Work()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.ExecuteAsync("SET @marker = 42");

        await connection.PingAsync();
        await connection.ResetAsync();
        await connection.ChangeDatabaseAsync("mysql");

        Assert.Null(await connection.ExecuteScalarAsync("SELECT @marker"));
        Assert.Equal("mysql", await connection.ExecuteScalarAsync("SELECT DATABASE()"));
    }
}
