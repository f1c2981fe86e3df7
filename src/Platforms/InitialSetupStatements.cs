using MySqlConnector;

namespace Serverless.Platforms;

/// <summary>
/// The SQL that applies an <see cref="InitialSetup"/> on an open admin connection, the same on every platform:
/// databases and accounts are created when missing, passwords set again, grants added again, so a second run is safe.
/// </summary>
internal static class InitialSetupStatements
{
    // Quotes identifiers (database names) the way MySQL expects; values go as parameters.
    private static readonly MySqlCommandBuilder Quoting = new();

    public static async Task ApplyAsync(MySqlConnection connection, InitialSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(setup);
        foreach (var database in setup.Databases)
        {
            await AdminConnection.ExecuteAsync(connection, $"CREATE DATABASE IF NOT EXISTS {Quoting.QuoteIdentifier(database)}", [], cancellationToken).ConfigureAwait(false);
        }

        foreach (var user in setup.Users)
        {
            // CREATE … IF NOT EXISTS keeps an existing account as it is; ALTER sets the password
            // a second run may have been given. Names and the password go as parameters, which
            // MySqlConnector quotes for the session's sql_mode.
            object?[] account = [user.Name, user.Host];
            object?[] identified = [user.Name, user.Host, user.Password];
            await AdminConnection.ExecuteAsync(connection, "CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?", identified, cancellationToken).ConfigureAwait(false);
            await AdminConnection.ExecuteAsync(connection, "ALTER USER ?@? IDENTIFIED BY ?", identified, cancellationToken).ConfigureAwait(false);
            foreach (var database in user.Databases)
            {
                await AdminConnection.ExecuteAsync(connection, $"GRANT ALL PRIVILEGES ON {Quoting.QuoteIdentifier(database)}.* TO ?@?", account, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
