using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Opens the connections of a dump or load with the session settings that make rows round-trip exactly, and runs their statements.</summary>
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
        + "tx_isolation = 'REPEATABLE-READ', lock_wait_timeout = " + DumpLockWaitSeconds;

    /// <summary>
    /// How long a dump's statement waits for a metadata lock. A DDL statement waiting for one worker's table queues every
    /// later read of that table behind it, while that worker keeps its lock until the whole dump ends: without a limit
    /// the dump and the DDL would wait for each other for the server's default (a day).
    /// </summary>
    public const string DumpLockWaitSeconds = "120";

    /// <summary>The load session's sql_mode: zero dates and explicit zero AUTO_INCREMENT values accepted as they were dumped.</summary>
    public const string LoadSqlMode = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";

    /// <summary>
    /// Loading: nothing written to the binlog (the target's replication or replay continues from the snapshot's
    /// coordinates), no foreign key or CHECK constraint checks (the rows came from a consistent source),
    /// <see cref="LoadSqlMode"/>, UTC for TIMESTAMP.
    /// </summary>
    /// <remarks>
    /// <c>unique_checks</c> stays 1 on purpose. With <c>unique_checks = 0</c> and <c>foreign_key_checks = 0</c>, MariaDB
    /// 10.6 and later run an insert into an EMPTY InnoDB table as a bulk insert: it takes the table's exclusive lock (two
    /// loads starting on one empty table deadlock, and every other load into it waits for the whole transaction), and
    /// while it runs, InnoDB's statistics task retries the table without end, burning about one core (measured on 10.11:
    /// the server's CPU for a 2,000,000-row LOAD DATA is 22.5 s with it and 9.5 s with <c>innodb_stats_auto_recalc</c>
    /// off). The bulk insert itself saved nothing over ordinary inserts of rows in key order with the secondary indexes
    /// deferred (about 10 s of server CPU for those rows either way, also with the table twice the buffer pool's size);
    /// bench/README.md has the figures. With change buffering off (10.11's default), <c>unique_checks = 0</c> buys
    /// nothing else, and deferred unique indexes are checked when they are added anyway.
    /// </remarks>
    public const string LoadSettings =
        "SET NAMES utf8mb4; SET SESSION sql_log_bin = 0, unique_checks = 1, foreign_key_checks = 0, check_constraint_checks = 0, "
        + "sql_mode = '" + LoadSqlMode + "', time_zone = '+00:00', "
        + "net_read_timeout = 3600, net_write_timeout = 3600, wait_timeout = 86400, max_statement_time = 0";

    /// <summary>Opens a connection from the pool and applies <paramref name="settings"/> (the pool resets a session when it is returned).</summary>
    public static async Task<MySqlConnection> OpenAsync(ServerConnection server, string settings, CancellationToken cancellationToken)
    {
        var connection = server.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, settings, [], cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a statement (or several, separated by semicolons); <c>?</c> marks take <paramref name="parameters"/> in order.</summary>
    public static async Task ExecuteAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every row of a query's first result as text (NULL as null; bytes as UTF-8, numbers invariant).</summary>
    public static async Task<List<string?[]>> ReadRowsAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var rows = new List<string?[]>();
        var command = CreateCommand(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new string?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.GetValue(i) switch
                        {
                            DBNull => null,

                            // Dump sessions receive results in character set binary; names and DDL are UTF-8.
                            byte[] bytes => Encoding.UTF8.GetString(bytes),
                            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
                        };
                    }

                    rows.Add(row);
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// Reads a query on <c>information_schema</c> as <see cref="ReadRowsAsync"/> does, but never cancels it on the server:
    /// <paramref name="cancellationToken"/> is checked before and after. MySqlConnector ends a query whose token is
    /// cancelled with <c>KILL QUERY</c>, and MariaDB 10.11 can crash when a query that fills an <c>information_schema</c>
    /// temporary table on disk (any table with a LONGTEXT column: COLUMNS, ROUTINES, VIEWS, TRIGGERS, EVENTS,
    /// PROCESSLIST) is killed (in <c>ha_maria::drop_table</c>, seen repeatedly on 10.11.19). These reads are short, so
    /// letting one finish costs little.
    /// </summary>
    public static async Task<List<string?[]>> ReadCatalogRowsAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rows = await ReadRowsAsync(connection, sql, parameters, CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return rows;
    }

    /// <summary>
    /// Whether the server refused a statement (an error packet, which always carries a SQLSTATE), as opposed to the
    /// connection failing on the way: only the first says something about the statement itself.
    /// </summary>
    public static bool IsServerError(MySqlException exception) => exception.SqlState is not null;

    /// <summary>The server a connection talks to, for messages and logs.</summary>
    public static string Endpoint(MySqlConnection connection)
    {
        var settings = new MySqlConnectionStringBuilder(connection.ConnectionString);
        return $"{settings.Server}:{settings.Port}";
    }

    private static MySqlCommand CreateCommand(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new MySqlParameter { Value = value });
        }

        return command;
    }
}
