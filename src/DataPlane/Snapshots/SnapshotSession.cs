using Serverless.MySql;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Opens the connections of a dump or load with the session settings that make rows round-trip exactly.</summary>
internal static class SnapshotSession
{
    /// <summary>
    /// Reading: an empty sql_mode (so SHOW CREATE output and quoting follow no server-wide mode such as
    /// ANSI_QUOTES), UTC for TIMESTAMP, results as stored bytes (character set binary: no conversion, so latin1 and
    /// utf8mb4 columns keep their bytes), and timeouts long enough for a slow reader side.
    /// </summary>
    public const string DumpSettings =
        "SET NAMES utf8mb4; SET SESSION character_set_results = binary, time_zone = '+00:00', sql_mode = '', "
        + "net_read_timeout = 3600, net_write_timeout = 3600, wait_timeout = 86400, max_statement_time = 0, "
        + "tx_isolation = 'REPEATABLE-READ'";

    /// <summary>The load session's sql_mode: zero dates and explicit zero AUTO_INCREMENT values accepted as they were dumped.</summary>
    public const string LoadSqlMode = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";

    /// <summary>
    /// Loading: nothing written to the binlog (the target's replication or replay continues from the snapshot's
    /// coordinates), no per-row unique or foreign key checks (the rows came from a consistent source),
    /// <see cref="LoadSqlMode"/>, UTC for TIMESTAMP.
    /// </summary>
    public const string LoadSettings =
        "SET NAMES utf8mb4; SET SESSION sql_log_bin = 0, unique_checks = 0, foreign_key_checks = 0, check_constraint_checks = 0, "
        + "sql_mode = '" + LoadSqlMode + "', time_zone = '+00:00', "
        + "net_read_timeout = 3600, net_write_timeout = 3600, wait_timeout = 86400, max_statement_time = 0";

    /// <summary>Opens a connection that waits as long as a statement needs (a big LOAD DATA or ALTER TABLE is silent for long) and applies <paramref name="settings"/>.</summary>
    public static async Task<MySqlConnection> OpenAsync(MySqlConnectionOptions options, string settings, CancellationToken cancellationToken)
    {
        var connection = await MySqlConnection.OpenAsync(
            options with { CommandTimeout = Timeout.InfiniteTimeSpan, AllowMultipleStatements = true },
            cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(settings, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads every row of a query's first result as strings (NULL as null).</summary>
    public static async Task<List<string?[]>> ReadRowsAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var rows = new List<string?[]>();
        var reader = await connection.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
                }

                rows.Add(row);
            }
        }

        return rows;
    }
}
