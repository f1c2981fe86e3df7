using MySqlConnector;

namespace Serverless.Platforms;

/// <summary>
/// Opens the platforms' own admin connections (configuring databases and users, reading sizes): unpooled, since these
/// are a few statements now and then, and verified as the given settings say.
/// </summary>
internal static class AdminConnection
{
    public static async Task<MySqlConnection> OpenAsync(MySqlConnectionStringBuilder settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Pooling = false;
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

    /// <summary>Runs one statement with positional <c>?</c> parameters.</summary>
    public static async Task ExecuteAsync(MySqlConnection connection, string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        var command = new MySqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            foreach (var value in parameters)
            {
                command.Parameters.Add(new MySqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
