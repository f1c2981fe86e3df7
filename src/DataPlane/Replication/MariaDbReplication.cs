using System.Globalization;
using MySqlConnector;
using Serverless.DataPlane.Snapshots;

namespace Serverless.DataPlane.Replication;

/// <summary>
/// Replication steps on a server (docs/replication.md, "SQL"): replication accounts, seeding a replica's position from a
/// snapshot, pointing a server at a source over verified TLS, fencing, waiting for a GTID, promotion and health. The
/// SQL is the <see cref="ReplicationDialect"/> of the server at the other end, chosen by its version: MariaDB 10.11 (the
/// local platform, and the only one run here) or MySQL 8.0.23+/8.4. Every method is idempotent: a step that runs again
/// after a crash ends the same way.
/// </summary>
public static class MariaDbReplication
{
    // Statements that change replication are quick; a server that takes longer is in trouble and the step retries.
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates (or resets the password of) the account replicas sign in with on <paramref name="source"/>: TLS only,
    /// <c>REPLICATION SLAVE</c> only. It is written to the source's binlog, so its replicas have it too and keep it
    /// when one of them is promoted.
    /// </summary>
    /// <param name="source">The source, as its admin.</param>
    /// <param name="account">The account to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task EnsureAccountAsync(ServerConnection source, ReplicationAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var connection = await OpenAsync(source, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            object?[] identified = [account.User, account.Password];
            await ExecuteAsync(connection, "CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ? REQUIRE SSL", identified, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "ALTER USER ?@'%' IDENTIFIED BY ? REQUIRE SSL", identified, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "GRANT REPLICATION SLAVE ON *.* TO ?@'%'", [account.User], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes a freshly loaded replica start from the snapshot's position: forgets any earlier replication, empties its
    /// own binlog (the load's writes are not transactions of the set) and records <paramref name="snapshotGtid"/> both
    /// as applied (<c>gtid_slave_pos</c>) and as the binlog state, so that after a promotion the old source, which
    /// asks from that position, finds it in this server's binlog.
    /// </summary>
    /// <param name="replica">The replica, as its admin.</param>
    /// <param name="snapshotGtid">The source's <c>gtid_binlog_pos</c> at the snapshot.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task SetSeedPositionAsync(ServerConnection replica, string snapshotGtid, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(replica, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var statement in DialectOf(connection).SeedPosition(snapshotGtid))
            {
                await ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Points <paramref name="replica"/> at <paramref name="source"/> and starts replication with GTID auto-positioning
    /// from what it has applied or written itself (<c>gtid_current_pos</c>: a replica continues, a fenced former source
    /// continues after its own last transaction), over TLS verified against the source's CA and host name.
    /// </summary>
    /// <param name="replica">The replica, as its admin.</param>
    /// <param name="source">Where the source listens and its CA (user and password are not used).</param>
    /// <param name="account">The replication account on the source.</param>
    /// <param name="databases">
    /// Only these databases are replicated (<c>replicate_wild_do_table</c>, an external source whose other databases were not
    /// copied); null or empty for all.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task ReplicateFromAsync(
        ServerConnection replica, ServerConnection source, ReplicationAccount account, IReadOnlyList<string>? databases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(account);
        var connection = await OpenAsync(replica, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var dialect = DialectOf(connection);
            await ExecuteAsync(connection, dialect.StopReplica, [], cancellationToken).ConfigureAwait(false);
            if (dialect is MariaDbDialect)
            {
                // MySQL's auto-positioning sends what gtid_executed lacks; MariaDB starts from gtid_slave_pos, which must hold
                // what this server wrote itself too.
                var current = await ScalarAsync(connection, "SELECT @@GLOBAL.gtid_current_pos", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, "SET GLOBAL gtid_slave_pos = ?", [current ?? string.Empty], cancellationToken).ConfigureAwait(false);
            }

            // Filters may only change while the threads are stopped; a source of ours replicates everything.
            await ExecuteAsync(connection, dialect.ReplicationFilter(databases ?? []), cancellationToken).ConfigureAwait(false);

            // The CA path is read by the replica's server: on the local platform it shares this machine's files.
            var verify = source.VerifyServer && source.CaCertificatePem is not null;
            var caPath = verify ? CaCertificateFile.PathFor(source.CaCertificatePem!) : string.Empty;
            await ExecuteAsync(connection, dialect.ChangeSource(source, account, caPath), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, dialect.StartReplica, [], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the replication threads (a re-sync loads new data under them); replication stays configured.</summary>
    /// <param name="replica">The replica, as its admin.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task PauseAsync(ServerConnection replica, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(replica, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, DialectOf(connection).StopReplica, [], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fences writes on a source: <c>read_only</c> waits for commits in flight and refuses ordinary accounts from then
    /// on (an open transaction can no longer commit). Returns the source's last GTID, which every acknowledged write is
    /// at or before.
    /// </summary>
    /// <param name="source">The source, as its admin.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The source's <c>gtid_binlog_pos</c> once fenced.</returns>
    public static async Task<string> FenceAsync(ServerConnection source, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(source, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var dialect = DialectOf(connection);
            foreach (var statement in dialect.Fence)
            {
                await ExecuteAsync(connection, statement, [], cancellationToken).ConfigureAwait(false);
            }

            return (await RowAsync(connection, dialect.PositionsQuery, cancellationToken).ConfigureAwait(false))[1] ?? string.Empty;
        }
    }

    /// <summary>Sets <c>read_only</c> now; the platform keeps it across restarts (<c>IDatabasePlatform.SetReadOnlyAsync</c>).</summary>
    /// <param name="server">The server, as its admin.</param>
    /// <param name="readOnly">Whether ordinary accounts are refused writes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task SetReadOnlyAsync(ServerConnection server, bool readOnly, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(server, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var dialect = DialectOf(connection);
            foreach (var statement in readOnly ? dialect.Fence : dialect.Unfence)
            {
                await ExecuteAsync(connection, statement, [], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="replica"/> has applied <paramref name="gtid"/> (<c>MASTER_GTID_WAIT</c>).
    /// </summary>
    /// <param name="replica">The replica, as its admin.</param>
    /// <param name="gtid">The position to reach.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ReplicationTimeoutException">The position was not reached in time; the message says how far behind the replica is and why.</exception>
    public static async Task WaitForAsync(ServerConnection replica, string gtid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        ReplicationDialect dialect;
        var connection = await OpenAsync(replica, timeout + StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            dialect = DialectOf(connection);
            var wait = dialect.WaitForGtid(gtid, timeout.TotalSeconds);
            var result = await ScalarAsync(connection, wait.Sql, wait.Parameters, cancellationToken).ConfigureAwait(false);
            if (result == "0")
            {
                return;
            }
        }

        var health = await ReadHealthAsync(replica, StatementTimeout, cancellationToken).ConfigureAwait(false);
        var behind = dialect.Behind(health.AppliedGtid, gtid);
        throw new ReplicationTimeoutException(
            $"The replica at {replica.Endpoint} did not reach GTID {gtid} within {timeout.TotalSeconds:0} s: it has applied {health.AppliedGtid ?? "nothing"}, "
            + $"{behind} transaction(s) behind{(health.LastError is { } error ? $"; replication error: {error}" : string.Empty)}.");
    }

    /// <summary>
    /// Waits until both replication threads run (the IO thread has connected to the source and signed in), so that a
    /// replica is not reported healthy before it is; fails with the threads' state and last error otherwise.
    /// </summary>
    /// <param name="replica">The replica, as its admin.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ReplicationTimeoutException">Replication did not run within <paramref name="timeout"/>.</exception>
    public static async Task WaitUntilRunningAsync(ServerConnection replica, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var health = await ReadHealthAsync(replica, StatementTimeout, cancellationToken).ConfigureAwait(false);
            if (health.IsRunning)
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new ReplicationTimeoutException(
                    $"Replication on {replica.Endpoint} did not start within {timeout.TotalSeconds:0} s (IO thread {health.IoThreadState ?? "unknown"}, "
                    + $"SQL thread {health.SqlThreadState ?? "unknown"}{(health.LastError is { } error ? $", error: {error}" : string.Empty)}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops replication for good and makes the server writable: a promoted replica or a detached one.</summary>
    /// <param name="replica">The replica, as its admin.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task StopReplicatingAsync(ServerConnection replica, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(replica, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var dialect = DialectOf(connection);
            await ExecuteAsync(connection, dialect.StopReplica, [], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, dialect.ResetReplicaAll, [], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, dialect.ReplicationFilter([]), cancellationToken).ConfigureAwait(false);
            foreach (var statement in dialect.Unfence)
            {
                await ExecuteAsync(connection, statement, [], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Reads a server's replication health within <paramref name="deadline"/>; a server that does not answer in time
    /// (down, overloaded) gives <see cref="ReplicaHealth.Unknown"/> instead of an exception.
    /// </summary>
    /// <param name="server">The server, as its admin.</param>
    /// <param name="deadline">How long connecting and reading may take in all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<ReplicaHealth> ReadHealthAsync(ServerConnection server, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            var connection = await OpenAsync(server, deadline, timeout.Token).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await ReadHealthAsync(connection, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MySqlException or OperationCanceledException or TimeoutException or IOException
            && !cancellationToken.IsCancellationRequested)
        {
            return ReplicaHealth.Unknown;
        }
    }

    private static async Task<ReplicaHealth> ReadHealthAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var dialect = DialectOf(connection);
        Dictionary<string, string?>? status = null;
        var command = new MySqlCommand(dialect.ShowReplicaStatus, connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    status = new Dictionary<string, string?>(StringComparer.Ordinal);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        status[reader.GetName(i)] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                    }
                }
            }
        }

        return dialect.ParseHealth(status, await RowAsync(connection, dialect.PositionsQuery, cancellationToken).ConfigureAwait(false)) with
        {
            ServerVersion = connection.ServerVersion,
        };
    }

    /// <summary>
    /// The GTID position a server has written to its binlog (<c>gtid_binlog_pos</c>): what a replica must apply to have
    /// all of it. Needs no privilege, so it works with an external source's migration account.
    /// </summary>
    /// <param name="source">The server.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<string> ReadBinlogPositionAsync(ServerConnection source, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(source, StatementTimeout, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return (await RowAsync(connection, DialectOf(connection).PositionsQuery, cancellationToken).ConfigureAwait(false))[1] ?? string.Empty;
        }
    }

    /// <summary>The dialect of the server at the other end (its handshake's version string).</summary>
    private static ReplicationDialect DialectOf(MySqlConnection connection) => ReplicationDialect.ForVersion(connection.ServerVersion);

    /// <summary>Opens an unpooled admin session whose connect and command timeouts are <paramref name="timeout"/>.</summary>
    internal static async Task<MySqlConnection> OpenAsync(ServerConnection server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var seconds = (int)Math.Max(1, Math.Ceiling(timeout.TotalSeconds));
        var settings = new MySqlConnectionStringBuilder(server.ConnectionString)
        {
            // Not pooled: a pooled session could carry a killed or read-only state into the next step.
            Pooling = false,
            ConnectionTimeout = (uint)seconds,
            DefaultCommandTimeout = (uint)seconds,
        };
        var connection = new MySqlConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Task ExecuteAsync(MySqlConnection connection, SqlStatement statement, CancellationToken cancellationToken) =>
        SnapshotSession.ExecuteAsync(connection, statement.Sql, statement.Parameters, cancellationToken);

    private static Task ExecuteAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        SnapshotSession.ExecuteAsync(connection, sql, parameters, cancellationToken);

    private static Task<string?> ScalarAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken) =>
        ScalarAsync(connection, sql, [], cancellationToken);

    private static async Task<string?> ScalarAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        (await SnapshotSession.ReadRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false)) is [var row, ..] ? row[0] : null;

    private static async Task<string?[]> RowAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken) =>
        (await SnapshotSession.ReadRowsAsync(connection, sql, [], cancellationToken).ConfigureAwait(false))[0];
}
