using System.Globalization;
using System.Security.Cryptography;
using MySqlConnector;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>Reads what a user would compare after a restore: rows as exact bytes, and server checksums.</summary>
internal static class TableContent
{
    /// <summary>
    /// Every row of a query, each value as hex of its bytes (results in character set binary, so text keeps the bytes
    /// it is stored as), a number or date in its invariant form, or "NULL".
    /// </summary>
    public static async Task<List<string>> RowsAsync(ServerConnection server, string sql)
    {
        await using var connection = await OpenAsync(server);
        await using (var session = new MySqlCommand("SET SESSION character_set_results = binary, time_zone = '+00:00'", connection))
        {
            await session.ExecuteNonQueryAsync();
        }

        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.GetValue(i) switch
                {
                    DBNull => "NULL",
                    byte[] bytes => Convert.ToHexString(bytes),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture)!,
                };
            }

            rows.Add(string.Join("|", values));
        }

        return rows;
    }

    /// <summary>
    /// Every row of <paramref name="table"/>'s <paramref name="columns"/> (comma-separated) ordered by
    /// <paramref name="orderBy"/>, each value as hex of the bytes the server sends for it as text (<c>CAST(… AS BINARY)</c>), or "NULL".
    /// </summary>
    public static Task<List<string>> ExactRowsAsync(ServerConnection server, string table, string columns, string orderBy) =>
        RowsAsync(server, $"SELECT {string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => $"CAST({c} AS BINARY)"))} FROM {table} ORDER BY {orderBy}");

    /// <summary>SHA-256 over every row of the table (all its columns, as in <see cref="ExactRowsAsync"/>) ordered by <paramref name="orderBy"/>.</summary>
    public static async Task<string> HashAsync(ServerConnection server, string table, string orderBy)
    {
        var parts = table.Split('.');
        var columns = await RowsAsync(server, $"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{parts[0]}' AND TABLE_NAME = '{parts[1]}' ORDER BY ORDINAL_POSITION");
        var names = string.Join(", ", columns.Select(c => "`" + System.Text.Encoding.UTF8.GetString(Convert.FromHexString(c)) + "`"));
        var rows = await ExactRowsAsync(server, table, names, orderBy);
        return $"{rows.Count} rows, " + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Join("\n", rows))));
    }

    public static async Task<string> ChecksumAsync(ServerConnection server, string table)
    {
        var rows = await RowsAsync(server, $"CHECKSUM TABLE {table} EXTENDED");
        return rows.Single().Split('|')[1];
    }

    public static async Task ExecuteAsync(ServerConnection server, string sql)
    {
        await using var connection = await OpenAsync(server);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(ServerConnection server, string sql)
    {
        await using var connection = await OpenAsync(server);
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// The steps recorded in the target's load progress (<c>dbaas_load_progress.steps</c>), "load id/step" sorted; empty when
    /// the progress database does not exist. Tests of one class share a target, so a test asserts on its own load id's
    /// rows: another test's load that failed on purpose keeps its rows there (to resume), and that is right.
    /// </summary>
    public static async Task<List<string>> LoadProgressAsync(ServerConnection server)
    {
        var exists = await ScalarAsync(server, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'dbaas_load_progress' AND TABLE_NAME = 'steps'");
        if (Convert.ToInt64(exists, CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        var rows = await RowsAsync(server, "SELECT CONCAT(load_id, '/', step) FROM dbaas_load_progress.steps ORDER BY load_id, step");
        return [.. rows.Select(r => System.Text.Encoding.UTF8.GetString(Convert.FromHexString(r)))];
    }

    /// <summary>
    /// Asserts that load <paramref name="loadId"/> left no progress behind, and that the progress database is gone unless
    /// another load (of another test) still has steps in it.
    /// </summary>
    public static async Task AssertNoLoadProgressAsync(ServerConnection server, string loadId)
    {
        var steps = await LoadProgressAsync(server);
        Assert.DoesNotContain(steps, s => s.StartsWith(loadId + "/", StringComparison.Ordinal));
        if (steps.Count == 0)
        {
            var schemas = await ScalarAsync(server, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'dbaas_load_progress'");
            Assert.Equal(0L, Convert.ToInt64(schemas, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>An open connection as the data plane makes them (pooled, TLS verified against the server's CA).</summary>
    public static async Task<MySqlConnection> OpenAsync(ServerConnection server, string? database = null)
    {
        var connection = new MySqlConnection(database is null ? server.ConnectionString : new MySqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
