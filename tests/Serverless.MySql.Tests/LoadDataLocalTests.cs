using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class LoadDataLocalTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    private const string LoadStatement =
        "LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE t CHARACTER SET utf8mb4 " +
        "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (id, payload)";

    [Fact]
    public async Task OneHundredMegabytes_LoadFromAStream()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("load_100mb");
        await connection.ExecuteAsync("CREATE TABLE t (id BIGINT PRIMARY KEY, payload VARCHAR(1000)) ENGINE=InnoDB");
        var source = new GeneratedRowsStream(rows: 200_000, payloadLength: 500);

        var result = await connection.LoadDataLocalInfileAsync(LoadStatement, source);

        Assert.True(source.BytesProduced >= 100_000_000, $"only {source.BytesProduced} bytes were sent");
        Assert.Equal(200_000UL, result.AffectedRows);
        Assert.Equal(0, result.Warnings);
        await using var reader = await connection.QueryAsync("SELECT COUNT(*), SUM(id), SUM(LENGTH(payload)) FROM t");
        Assert.True(await reader.ReadAsync());
        Assert.Equal(200_000L, reader.GetInt64(0));
        Assert.Equal(source.ExpectedIdSum, reader.GetInt64(1));
        Assert.Equal(200_000L * 500, reader.GetInt64(2));
    }

    [Fact]
    public async Task ServerRequestForAFile_WithoutAStream_IsAnsweredEmpty_AndReported()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("load_refused");
        await connection.ExecuteAsync("CREATE TABLE t (id BIGINT PRIMARY KEY, payload VARCHAR(10))");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => connection.ExecuteAsync("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE t (id, payload)"));

        Assert.Contains("LoadDataLocalInfileAsync", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task FailingSource_AbandonsTheStatement_AndCommitsNothing()
    {
        string database;
        uint loaderId;
        await using (var connection = await fixture.Server.OpenAdminAsync())
        {
            database = await connection.CreateDatabaseAsync("load_failing");
            loaderId = connection.ConnectionId;
            await connection.ExecuteAsync("CREATE TABLE t (id BIGINT PRIMARY KEY, payload VARCHAR(1000)) ENGINE=InnoDB");
            var source = new GeneratedRowsStream(rows: 100_000, payloadLength: 500, failAfterBytes: 10_000_000);

            var error = await Assert.ThrowsAsync<IOException>(() => connection.LoadDataLocalInfileAsync(LoadStatement, source));

            Assert.Contains("rows.tsv", error.Message, StringComparison.Ordinal);
            Assert.True(connection.IsBroken);
        }

        await using var check = await MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { Database = database });
        // Uncommitted rows are invisible anyway, so first wait until the server has ended the loader's session:
        // only then does the count say whether the partial load was committed or rolled back.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await check.ExecuteScalarAsync("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?", [loaderId]))! != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server kept the abandoned loader's session");
            await Task.Delay(50);
        }

        Assert.Equal(0L, await check.ExecuteScalarAsync("SELECT COUNT(*) FROM t"));
    }
}
