using System.Security.Cryptography;
using Serverless.MySql;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>Reads what a user would compare after a restore: rows as exact bytes, and server checksums.</summary>
internal static class TableContent
{
    /// <summary>Every row of a query, each value as hex of its bytes as stored (results in character set binary) or "NULL".</summary>
    public static async Task<List<string>> RowsAsync(MySqlConnectionOptions server, string sql)
    {
        await using var connection = await MySqlConnection.OpenAsync(server);
        await connection.ExecuteAsync("SET SESSION character_set_results = binary, time_zone = '+00:00'");
        await using var reader = await connection.QueryAsync(sql);
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToHexString(reader.GetRawValue(i));
            }

            rows.Add(string.Join("|", values));
        }

        return rows;
    }

    /// <summary>SHA-256 over every row of <c>SELECT * ... ORDER BY</c> <paramref name="orderBy"/>.</summary>
    public static async Task<string> HashAsync(MySqlConnectionOptions server, string table, string orderBy)
    {
        var rows = await RowsAsync(server, $"SELECT * FROM {table} ORDER BY {orderBy}");
        return $"{rows.Count} rows, " + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Join("\n", rows))));
    }

    public static async Task<string> ChecksumAsync(MySqlConnectionOptions server, string table)
    {
        await using var connection = await MySqlConnection.OpenAsync(server);
        await using var reader = await connection.QueryAsync($"CHECKSUM TABLE {table} EXTENDED");
        await reader.ReadAsync();
        return reader.IsDBNull(1) ? "NULL" : reader.GetString(1);
    }

    public static async Task ExecuteAsync(MySqlConnectionOptions server, string sql)
    {
        await using var connection = await MySqlConnection.OpenAsync(server);
        await connection.ExecuteAsync(sql);
    }

    public static async Task<object?> ScalarAsync(MySqlConnectionOptions server, string sql)
    {
        await using var connection = await MySqlConnection.OpenAsync(server);
        return await connection.ExecuteScalarAsync(sql);
    }
}
