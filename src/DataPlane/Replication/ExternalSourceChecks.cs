using MySqlConnector;
using Serverless.DataPlane.Snapshots;

namespace Serverless.DataPlane.Replication;

/// <summary>
/// Checks, before anything is provisioned, that a server the service does not manage can be migrated by snapshot and
/// replication (docs/replication.md, "External sources"): it answers over TLS, accepts the account, is MariaDB (a
/// MariaDB replica cannot follow MySQL's GTIDs), logs ROW binlogs, and the account may replicate and read every
/// database named.
/// </summary>
public static class ExternalSourceChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Runs the checks; returns the server's version string.</summary>
    /// <param name="source">The external server, as the migration account.</param>
    /// <param name="databases">The databases to copy.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ExternalSourceException">A check failed; the message says which and what to change.</exception>
    public static async Task<string> CheckAsync(ServerConnection source, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(databases);
        MySqlConnection connection;
        try
        {
            connection = await MariaDbReplication.OpenAsync(source, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied)
        {
            throw new ExternalSourceException($"The source {source.Endpoint} refused the account '{source.User}': check the user name and password.", ex);
        }
        catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException or System.Security.Authentication.AuthenticationException)
        {
            throw new ExternalSourceException(
                $"The source {source.Endpoint} could not be reached over TLS{(source.VerifyServer ? " verified against the given CA" : string.Empty)}: {ex.Message}", ex);
        }

        await using (connection.ConfigureAwait(false))
        {
            var settings = (await SnapshotSession.ReadRowsAsync(
                connection, "SELECT VERSION(), @@GLOBAL.log_bin, @@GLOBAL.binlog_format", [], cancellationToken).ConfigureAwait(false))[0];
            var version = settings[0] ?? string.Empty;
            if (!version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExternalSourceException(
                    $"The source {source.Endpoint} runs MySQL {version}; this service's replicas are MariaDB, which cannot replicate from MySQL with GTIDs "
                    + "(the two GTID formats differ). Migrate it with a dump and restore instead, or from a MariaDB server.");
            }

            if (settings[1] != "1")
            {
                throw new ExternalSourceException($"The source {source.Endpoint} does not write a binary log: start it with log_bin (and binlog_format=ROW) to replicate from it.");
            }

            if (!string.Equals(settings[2], "ROW", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExternalSourceException(
                    $"The source {source.Endpoint} logs in {settings[2]} format; replication needs binlog_format=ROW (SET GLOBAL binlog_format = 'ROW' and in its configuration).");
            }

            var global = await PrivilegesAsync(connection, "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = " + GranteeSql, [], cancellationToken).ConfigureAwait(false);
            if (!global.Contains("REPLICATION SLAVE") && !global.Contains("REPLICATION REPLICA"))
            {
                throw new ExternalSourceException(
                    $"The account '{source.User}' may not replicate from {source.Endpoint}: GRANT REPLICATION SLAVE ON *.* TO it (and SELECT, SHOW VIEW, TRIGGER on the databases to copy; RELOAD lets the copy use several connections).");
            }

            foreach (var database in databases)
            {
                var exists = await SnapshotSession.ReadRowsAsync(
                    connection, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [database], cancellationToken).ConfigureAwait(false);
                if (exists.Count == 0)
                {
                    throw new ExternalSourceException($"The database '{database}' does not exist on {source.Endpoint}, or the account '{source.User}' cannot see it.");
                }

                var onDatabase = await PrivilegesAsync(
                    connection,
                    "SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = " + GranteeSql + " AND ? LIKE TABLE_SCHEMA",
                    [database],
                    cancellationToken).ConfigureAwait(false);
                if (!global.Contains("SELECT") && !onDatabase.Contains("SELECT"))
                {
                    throw new ExternalSourceException($"The account '{source.User}' may not read the database '{database}' on {source.Endpoint}: GRANT SELECT, SHOW VIEW, TRIGGER ON `{database}`.* TO it.");
                }
            }

            return version;
        }
    }

    // information_schema names the current account 'user'@'host', quoted, as CURRENT_USER() gives it unquoted.
    private const string GranteeSql =
        "CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";

    private static async Task<HashSet<string>> PrivilegesAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        [.. (await SnapshotSession.ReadRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false)).Select(r => r[0] ?? string.Empty)];
}
