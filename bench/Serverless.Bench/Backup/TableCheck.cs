using System.Globalization;
using Serverless.Bench.MySqlStream;
using Serverless.MySql;

namespace Serverless.Bench.Backup;

/// <summary>The row count and <c>CHECKSUM TABLE</c> of sbtest1 on one server: what every restore must reproduce.</summary>
/// <param name="Rows">Rows in the table.</param>
/// <param name="Checksum">The live checksum of the table's rows (the same data and definition give the same value).</param>
internal readonly record struct TableCheck(long Rows, string Checksum)
{
    private static readonly string TableName = $"{SysbenchTable.Database}.{SysbenchTable.Table}";

    public static async Task<TableCheck> ReadAsync(MySqlConnectionOptions server, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(server, cancellationToken);
        var rows = Convert.ToInt64(await connection.ExecuteScalarAsync($"SELECT COUNT(*) FROM {TableName}", null, cancellationToken), CultureInfo.InvariantCulture);
        await using var reader = await connection.QueryAsync($"CHECKSUM TABLE {TableName}", cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(1))
        {
            throw new InvalidOperationException($"CHECKSUM TABLE {TableName} returned no checksum on {server.Endpoint}.");
        }

        return new TableCheck(rows, reader.GetString(1));
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
