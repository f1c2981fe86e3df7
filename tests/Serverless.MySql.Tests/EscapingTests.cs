using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class EscapingTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RandomByteStrings_RoundTripUnchanged(bool noBackslashEscapes)
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("fuzz_bytes");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, b LONGBLOB, s LONGTEXT CHARACTER SET utf8mb4)");
        await SetModeAsync(connection, noBackslashEscapes);
        var random = new Random(noBackslashEscapes ? 11 : 12);
        var dangerous = "\\'\"\0\n\r\x1a%_`?"u8.ToArray();
        var samples = new List<byte[]>();
        for (var i = 0; i < 300; i++)
        {
            var value = new byte[random.Next(0, 300)];
            for (var j = 0; j < value.Length; j++)
            {
                // Half the bytes from the characters that matter to the lexer, half anything.
                value[j] = random.Next(2) == 0 ? dangerous[random.Next(dangerous.Length)] : (byte)random.Next(256);
            }

            samples.Add(value);
        }

        for (var i = 0; i < samples.Count; i++)
        {
            await connection.ExecuteAsync("INSERT INTO t (id, b) VALUES (?, ?)", [i, samples[i]]);
        }

        await using var reader = await connection.QueryAsync("SELECT id, b FROM t ORDER BY id");
        var read = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(samples[reader.GetInt32(0)], reader.GetBytes(1));
            read++;
        }

        Assert.Equal(samples.Count, read);
        Assert.Equal(noBackslashEscapes, connection.NoBackslashEscapes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RandomUnicodeStrings_RoundTripUnchanged(bool noBackslashEscapes)
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("fuzz_text");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, s LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)");
        await SetModeAsync(connection, noBackslashEscapes);
        var random = new Random(noBackslashEscapes ? 21 : 22);
        string[] pieces = ["\\", "'", "\"", "\0", "\n", "\r", "\x1a", "''", "\\'", "?", "`", "--", "#", "/*", "*/", "é", "🐬", "日本", "\t", "%", "_"];
        var samples = Enumerable.Range(0, 200)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)])))
            .ToList();

        for (var i = 0; i < samples.Count; i++)
        {
            await connection.ExecuteAsync("INSERT INTO t (id, s) VALUES (?, ?) /* a ? in a comment */", [i, samples[i]]);
        }

        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Equal(samples[i], await connection.ExecuteScalarAsync("SELECT s FROM t WHERE id = ?", [i]));
        }
    }

    [Fact]
    public async Task Placeholders_InsideLiteralsAndComments_AreLeftAlone()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();

        await using var reader = await connection.QueryAsync(
            "SELECT '?', \"?\", `?`.x, ? -- a ? here\n, ? # and ? there\n FROM (SELECT 1 AS x) AS `?` /* ? */",
            ["first", 2]);

        Assert.True(await reader.ReadAsync());
        Assert.Equal("?", reader.GetString(0));
        Assert.Equal("?", reader.GetString(1));
        Assert.Equal("first", reader.GetString(3));
        Assert.Equal(2L, reader.GetInt64(4));
    }

    [Fact]
    public async Task ParameterCountMismatch_IsRejectedBeforeSending()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => connection.ExecuteAsync("SELECT ?, ?", [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => connection.ExecuteAsync("SELECT ?", [1, 2]));
        Assert.Equal(1L, await connection.ExecuteScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task TypedParameters_ArriveAsTheirValues()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        var guid = Guid.NewGuid();

        await using var reader = await connection.QueryAsync(
            "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?",
            [null, true, -12.5m, 0.1, new DateTime(2030, 1, 2, 3, 4, 5, 678), new DateOnly(1999, 12, 31), TimeSpan.FromHours(-30.5), guid, ulong.MaxValue, DayOfWeek.Friday]);

        Assert.True(await reader.ReadAsync());
        Assert.True(reader.IsDBNull(0));
        Assert.Equal(1L, reader.GetInt64(1));
        Assert.Equal(-12.5m, reader.GetDecimal(2));
        Assert.Equal(0.1, reader.GetDouble(3));
        Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, 678), reader.GetDateTime(4));
        Assert.Equal("1999-12-31", reader.GetString(5));
        Assert.Equal(TimeSpan.FromHours(-30.5), reader.GetTimeSpan(6));
        Assert.Equal(guid, reader.GetGuid(7));
        Assert.Equal(ulong.MaxValue, reader.GetUInt64(8));
        Assert.Equal(5L, reader.GetInt64(9));
    }

    [Fact]
    public async Task QuotedIdentifiers_WithBackticksAndUnicode_Work()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        var database = await connection.CreateDatabaseAsync("idents");
        var table = MySqlSyntax.QuoteIdentifier("we`ird tablé 日本");
        var column = MySqlSyntax.QuoteIdentifier("col`umn");

        await connection.ExecuteAsync($"CREATE TABLE {table} ({column} INT); INSERT INTO {table} VALUES (5)");

        Assert.Equal(5L, await connection.ExecuteScalarAsync($"SELECT {column} FROM {MySqlSyntax.QuoteIdentifier(database)}.{table}"));
        Assert.Throws<ArgumentException>(() => MySqlSyntax.QuoteIdentifier("nul\0byte"));
        Assert.Throws<ArgumentException>(() => MySqlSyntax.QuoteIdentifier(string.Empty));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QuoteString_ProducesLiteralsTheServerReadsBack(bool noBackslashEscapes)
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await SetModeAsync(connection, noBackslashEscapes);
        const string value = "it's a \"test\" \\ with\nnewline\0nul and \x1a";

        var literal = MySqlSyntax.QuoteString(value, noBackslashEscapes);

        Assert.Equal(value, await connection.ExecuteScalarAsync($"SELECT {literal}"));
    }

    private static async Task SetModeAsync(MySqlConnection connection, bool noBackslashEscapes)
    {
        await connection.ExecuteAsync(noBackslashEscapes
            ? "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"
            : "SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
        Assert.Equal(noBackslashEscapes, connection.NoBackslashEscapes);
    }
}
