using System.Globalization;
using MySqlConnector;
using Serverless.DataPlane;

namespace Serverless.Bench.Backup;

/// <summary>The row count and <c>CHECKSUM TABLE</c> of every table of a dataset on one server: what every restore must reproduce.</summary>
internal sealed record DatabaseCheck(IReadOnlyList<(string Table, long Rows, string Checksum)> Tables)
{
    /// <summary>Rows in all tables.</summary>
    public long Rows => Tables.Sum(t => t.Rows);

    public static Task<DatabaseCheck> ReadAsync(ServerConnection server, IBenchDataset dataset, CancellationToken cancellationToken) =>
        ReadAsync(server, dataset.Database, dataset.Tables, cancellationToken);

    /// <summary>The check of <paramref name="tables"/> of <paramref name="database"/> on <paramref name="server"/>.</summary>
    public static async Task<DatabaseCheck> ReadAsync(ServerConnection server, string database, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(server, cancellationToken, database);
        var checks = new List<(string, long, string)>();
        foreach (var table in tables)
        {
            long rows;
            await using (var count = new MySqlCommand($"SELECT COUNT(*) FROM `{table}`", connection))
            {
                rows = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            await using var checksum = new MySqlCommand($"CHECKSUM TABLE `{table}`", connection);
            await using var reader = await checksum.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(1))
            {
                throw new InvalidOperationException($"CHECKSUM TABLE {database}.{table} returned no checksum on {server.Endpoint}.");
            }

            checks.Add((table, rows, Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!));
        }

        return new DatabaseCheck(checks);
    }

    /// <summary>Fails unless <paramref name="restored"/> matches this (the source's) check, table by table.</summary>
    public void Verify(DatabaseCheck restored, string step)
    {
        foreach (var (expected, actual) in Tables.Zip(restored.Tables))
        {
            if (expected != actual)
            {
                throw new InvalidOperationException(
                    $"{step}: the restored table {actual.Table} has {actual.Rows:N0} rows, checksum {actual.Checksum}; the source has {expected.Rows:N0} rows, checksum {expected.Checksum}.");
            }
        }
    }
}
