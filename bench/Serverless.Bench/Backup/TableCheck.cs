using System.Globalization;
using MySqlConnector;
using Serverless.DataPlane;

namespace Serverless.Bench.Backup;

/// <summary>The row count and <c>CHECKSUM TABLE</c> of sbtest1 on one server: what every restore must reproduce.</summary>
/// <param name="Rows">Rows in the table.</param>
/// <param name="Checksum">The live checksum of the table's rows (the same data and definition give the same value).</param>
internal readonly record struct TableCheck(long Rows, string Checksum)
{
    private static readonly string TableName = $"{SysbenchTable.Database}.{SysbenchTable.Table}";

    public static async Task<TableCheck> ReadAsync(ServerConnection server, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(server, cancellationToken);
        long rows;
        await using (var count = new MySqlCommand($"SELECT COUNT(*) FROM {TableName}", connection))
        {
            rows = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        await using var checksum = new MySqlCommand($"CHECKSUM TABLE {TableName}", connection);
        await using var reader = await checksum.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(1))
        {
            throw new InvalidOperationException($"CHECKSUM TABLE {TableName} returned no checksum on {server.Endpoint}.");
        }

        return new TableCheck(rows, Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!);
    }

    /// <summary>Fails unless <paramref name="restored"/> matches this (the source's) check.</summary>
    public void Verify(TableCheck restored, string step)
    {
        if (restored != this)
        {
            throw new InvalidOperationException(
                $"{step}: the restored table has {restored.Rows:N0} rows, checksum {restored.Checksum}; the source has {Rows:N0} rows, checksum {Checksum}.");
        }
    }
}
