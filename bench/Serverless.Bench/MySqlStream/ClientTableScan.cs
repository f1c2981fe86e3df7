using Serverless.MySql;

namespace Serverless.Bench.MySqlStream;

/// <summary>
/// One full scan through our client. Every value of every row is touched (its raw bytes taken and
/// their length summed), the counterpart of the command-line client formatting each value.
/// </summary>
internal static class ClientTableScan
{
    /// <summary>Opens a connection, streams the query's rows and closes the connection.</summary>
    public static async Task<ScanTotals> RunAsync(MySqlConnectionOptions options, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(options, cancellationToken);
        await using var reader = await connection.QueryAsync(sql, cancellationToken);
        var fields = reader.FieldCount;
        long rows = 0, bytes = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            for (var i = 0; i < fields; i++)
            {
                if (!reader.IsDBNull(i))
                {
                    bytes += reader.GetRawValue(i).Length;
                }
            }
        }

        return new ScanTotals(rows, bytes);
    }
}
