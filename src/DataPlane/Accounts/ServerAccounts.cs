using System.Text;
using MySqlConnector;

using Serverless.DataPlane.Snapshots;

namespace Serverless.DataPlane.Accounts;

/// <summary>
/// The users, database privileges and databases of one server, read from and changed on the server itself (it is
/// the truth, as in Trove): one admin connection, open until disposed. Names and passwords travel as parameters,
/// which MySqlConnector quotes for the session; passwords are never part of a message.
/// </summary>
/// <remarks>
/// Changes are written to the binary log like any other statement, so a source's replicas follow them.
/// </remarks>
public sealed class ServerAccounts : IAsyncDisposable
{
    private readonly MySqlConnection _connection;

    private ServerAccounts(MySqlConnection connection) => _connection = connection;

    /// <summary>Connects to the server as the given (admin) account.</summary>
    /// <param name="server">The server and an account allowed to create users and databases and grant privileges.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    public static async Task<ServerAccounts> OpenAsync(ServerConnection server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var connection = server.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new ServerAccounts(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Lists every account that is not a role, with its databases, sorted by name and host.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<ServerAccount>> ListUsersAsync(CancellationToken cancellationToken)
    {
        // MariaDB keeps roles in mysql.user too (is_role = 'Y'); MySQL 8 has no such column and no roles there.
        // information_schema reads are never cancelled on the server (SnapshotSession.ReadCatalogRowsAsync says why).
        cancellationToken.ThrowIfCancellationRequested();
        var hasRoles = await ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'mysql' AND table_name = 'user' AND column_name = 'is_role'",
            [], CancellationToken.None).ConfigureAwait(false) is long count && count > 0;
        var accounts = await RowsAsync(
            hasRoles ? "SELECT User, Host FROM mysql.user WHERE is_role <> 'Y'" : "SELECT User, Host FROM mysql.user",
            [], cancellationToken).ConfigureAwait(false);
        var grants = await RowsAsync("SELECT User, Host, Db FROM mysql.db", [], cancellationToken).ConfigureAwait(false);
        var byAccount = grants
            .GroupBy(row => (row[0], row[1]))
            .ToDictionary(group => group.Key, group => group.Select(row => UnescapeDatabase(row[2])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        return
        [
            .. accounts
                .Select(row => new ServerAccount(row[0], row[1], byAccount.TryGetValue((row[0], row[1]), out var databases) ? databases : []))
                .OrderBy(account => account.Name, StringComparer.Ordinal)
                .ThenBy(account => account.Host, StringComparer.Ordinal),
        ];
    }

    /// <summary>Finds one account; null when the server has none by that name and host.</summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part, exactly as created.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<ServerAccount?> FindUserAsync(string name, string host, CancellationToken cancellationToken)
    {
        var exists = await ScalarAsync("SELECT COUNT(*) FROM mysql.user WHERE User = ? AND Host = ?", [name, host], cancellationToken).ConfigureAwait(false);
        if (exists is not long count || count == 0)
        {
            return null;
        }

        var databases = await RowsAsync("SELECT Db FROM mysql.db WHERE User = ? AND Host = ?", [name, host], cancellationToken).ConfigureAwait(false);
        return new ServerAccount(name, host, [.. databases.Select(row => UnescapeDatabase(row[0])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Creates an account and grants it all privileges on each of <paramref name="databases"/>. When a grant fails the
    /// new account is dropped again, so the account exists with all its grants or not at all.
    /// </summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part.</param>
    /// <param name="password">The password.</param>
    /// <param name="databases">Databases to grant all privileges on.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <exception cref="MySqlException">The account exists already (<see cref="MySqlErrorCode.CannotUser"/>), or the server refused.</exception>
    public async Task CreateUserAsync(string name, string host, string password, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        await ExecuteAsync("CREATE USER ?@? IDENTIFIED BY ?", [name, host, password], cancellationToken).ConfigureAwait(false);
        try
        {
            await GrantAsync(name, host, databases, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ExecuteAsync("DROP USER IF EXISTS ?@?", [name, host], CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Makes sure the account exists with this password and these database grants, whatever a previous run left:
    /// for steps that may run again after a crash (an instance's initial users, root enable).
    /// </summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part.</param>
    /// <param name="password">The password to set.</param>
    /// <param name="databases">Databases to grant all privileges on.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public async Task EnsureUserAsync(string name, string host, string password, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        // CREATE … IF NOT EXISTS keeps an existing account as it is; ALTER sets the password a second run may have been given.
        await ExecuteAsync("CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?", [name, host, password], cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("ALTER USER ?@? IDENTIFIED BY ?", [name, host, password], cancellationToken).ConfigureAwait(false);
        await GrantAsync(name, host, databases, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Grants the account all privileges on every database and the right to grant them (an instance's root).</summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public Task GrantEverythingAsync(string name, string host, CancellationToken cancellationToken) =>
        ExecuteAsync("GRANT ALL PRIVILEGES ON *.* TO ?@? WITH GRANT OPTION", [name, host], cancellationToken);

    /// <summary>Drops an account if it exists.</summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public Task DropUserAsync(string name, string host, CancellationToken cancellationToken) =>
        ExecuteAsync("DROP USER IF EXISTS ?@?", [name, host], cancellationToken);

    /// <summary>Sets an account's password.</summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part.</param>
    /// <param name="password">The new password.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public Task SetPasswordAsync(string name, string host, string password, CancellationToken cancellationToken) =>
        ExecuteAsync("ALTER USER ?@? IDENTIFIED BY ?", [name, host, password], cancellationToken);

    /// <summary>Renames an account (user part, host part or both); its privileges move with it.</summary>
    /// <param name="name">The current user part.</param>
    /// <param name="host">The current host part.</param>
    /// <param name="newName">The new user part.</param>
    /// <param name="newHost">The new host part.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public Task RenameUserAsync(string name, string host, string newName, string newHost, CancellationToken cancellationToken) =>
        ExecuteAsync("RENAME USER ?@? TO ?@?", [name, host, newName, newHost], cancellationToken);

    /// <summary>Grants the account all privileges on each database.</summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part.</param>
    /// <param name="databases">The databases.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public async Task GrantAsync(string name, string host, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
        foreach (var database in databases)
        {
            await ExecuteAsync($"GRANT ALL PRIVILEGES ON {SqlText.QuoteIdentifier(GrantPattern(database))}.* TO ?@?", [name, host], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Revokes the account's privileges on one database; nothing happens when it has none there.</summary>
    /// <param name="name">The user part.</param>
    /// <param name="host">The host part.</param>
    /// <param name="database">The database.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public async Task RevokeAsync(string name, string host, string database, CancellationToken cancellationToken)
    {
        // The escaped form is what GrantAsync writes; the plain one is what a grant made by hand (or by an earlier
        // version) may hold. Either may be absent: nothing granted there is the outcome the caller asked for.
        foreach (var pattern in new[] { GrantPattern(database), database }.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await ExecuteAsync($"REVOKE ALL PRIVILEGES ON {SqlText.QuoteIdentifier(pattern)}.* FROM ?@?", [name, host], cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NonExistingGrant)
            {
            }
        }
    }

    /// <summary>Lists the databases (schemas) on the server, sorted, system schemas included.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<string>> ListDatabasesAsync(CancellationToken cancellationToken)
    {
        // Never cancelled on the server, as SnapshotSession.ReadCatalogRowsAsync explains.
        cancellationToken.ThrowIfCancellationRequested();
        var rows = await RowsAsync("SELECT schema_name FROM information_schema.schemata", [], CancellationToken.None).ConfigureAwait(false);
        return [.. rows.Select(row => row[0]).Order(StringComparer.Ordinal)];
    }

    /// <summary>Creates a database; with <paramref name="ifNotExists"/> an existing one is left as it is.</summary>
    /// <param name="database">The name and defaults.</param>
    /// <param name="ifNotExists">Whether an existing database is fine (a step that may run again) rather than an error.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <exception cref="MySqlException">The database exists (<see cref="MySqlErrorCode.DatabaseCreateExists"/>), or the character set or collation is unknown.</exception>
    public Task CreateDatabaseAsync(DatabaseDefinition database, bool ifNotExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var sql = new StringBuilder(ifNotExists ? "CREATE DATABASE IF NOT EXISTS " : "CREATE DATABASE ").Append(SqlText.QuoteIdentifier(database.Name));
        if (database.CharacterSet is { } characterSet)
        {
            sql.Append(" CHARACTER SET ").Append(SqlText.QuoteIdentifier(characterSet));
        }

        if (database.Collation is { } collation)
        {
            sql.Append(" COLLATE ").Append(SqlText.QuoteIdentifier(collation));
        }

        return ExecuteAsync(sql.ToString(), [], cancellationToken);
    }

    /// <summary>Drops a database and everything in it, if it exists.</summary>
    /// <param name="name">The database.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS {SqlText.QuoteIdentifier(name)}", [], cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();


    /// <summary>
    /// In a database-level grant, <c>_</c> and <c>%</c> are wildcards: a grant on <c>shop_eu</c> would also open
    /// <c>shopxeu</c>. Escaped, the grant names exactly one database.
    /// </summary>
    private static string GrantPattern(string database) => SqlText.EscapeWildcards(database);

    /// <summary>mysql.db may hold a name with its LIKE wildcards escaped (<c>shop\_eu</c>) when it was granted that way.</summary>
    private static string UnescapeDatabase(string stored) =>
        stored.Replace("\\_", "_", StringComparison.Ordinal).Replace("\\%", "%", StringComparison.Ordinal);

    private MySqlCommand Command(string sql, IReadOnlyList<object?> parameters)
    {
        var command = new MySqlCommand(sql, _connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new MySqlParameter { Value = parameter });
        }

        return command;
    }

    private async Task ExecuteAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var command = Command(sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<object?> ScalarAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var command = Command(sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<string[]>> RowsAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var command = Command(sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<string[]>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new string[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.GetValue(i) switch
                        {
                            byte[] bytes => Encoding.UTF8.GetString(bytes),
                            var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                        };
                    }

                    rows.Add(row);
                }

                return rows;
            }
        }
    }
}
