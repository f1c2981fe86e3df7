using System.Globalization;
using System.Text.Json;
using MySqlConnector;
using Serverless.Testing;

namespace Serverless.Api.Tests;

/// <summary>
/// Rows written into an instance over SQL, and a fingerprint of them to compare a restored copy
/// against: <c>CHECKSUM TABLE</c>, the row count, and an order-independent hash of every value.
/// </summary>
internal static class InstanceData
{
    private const int BatchRows = 100_000;

    public static async Task<MySqlConnection> OpenAsync(JsonElement instance, string user, string password, string database) =>
        await SqlSession.OpenAsync(instance.GetProperty("hostname").GetString()!, instance.GetProperty("port").GetInt32(), user, password, database);

    /// <summary>A global system variable of the instance's server, read as a user sees it (<c>SELECT @@GLOBAL.x</c>).</summary>
    public static async Task<long> GlobalVariableAsync(JsonElement instance, string user, string password, string variable)
    {
        await using var connection = await SqlSession.OpenAsync(instance.GetProperty("hostname").GetString()!, instance.GetProperty("port").GetInt32(), user, password);
        return Convert.ToInt64(await connection.ExecuteScalarAsync($"SELECT @@GLOBAL.{variable}"), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Creates <c>items</c> with <paramref name="rows"/> rows: a secondary index, NULLs, tabs, line breaks,
    /// backslashes and non-ASCII text, which a dump format must all carry through unchanged.
    /// </summary>
    public static async Task SeedAsync(MySqlConnection connection, int rows)
    {
        await connection.ExecuteAsync(
            "CREATE TABLE items (id BIGINT PRIMARY KEY, sku VARCHAR(32) NOT NULL, name VARCHAR(200) NOT NULL, amount DECIMAL(12,2) NOT NULL, " +
            "created DATETIME NOT NULL, note VARCHAR(64) NULL, KEY ix_items_sku (sku))");
        // In batches, so that no one statement runs into the client's command timeout however many rows there are.
        for (var first = 1; first <= rows; first += BatchRows)
        {
            var last = Math.Min(rows, first + BatchRows - 1);
            await connection.ExecuteAsync(
                "INSERT INTO items SELECT seq, CONCAT('SKU-', seq % 997), REPEAT(CHAR(65 + seq % 26), 20 + seq % 150), seq * 1.25, " +
                "TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND, " +
                "CASE seq % 5 WHEN 0 THEN NULL WHEN 1 THEN 'tab\\there' WHEN 2 THEN 'line\\nbreak \\\\ back' WHEN 3 THEN 'h\u00e9llo \u2713' ELSE '' END " +
                string.Create(CultureInfo.InvariantCulture, $"FROM seq_{first}_to_{last}"));
        }
    }

    public static async Task<string> FingerprintAsync(MySqlConnection connection)
    {
        string checksum;
        await using (var command = new MySqlCommand("CHECKSUM TABLE items", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            checksum = Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!;
        }

        var count = await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM items");
        var content = await connection.ExecuteScalarAsync(
            "SELECT SUM(CRC32(CONCAT_WS('|', id, sku, name, amount, created, IFNULL(note, '<null>')))) FROM items");
        return $"checksum {checksum}, {count} rows, content {content}";
    }
}
