using MySqlConnector;

namespace Serverless.Testing;

/// <summary>How tests talk SQL to the servers they start or that the service created: MySqlConnector, as the product does.</summary>
public static class SqlSession
{
    /// <summary>
    /// Opens an unpooled connection (a test's server may be stopped or replaced under a pool). With a CA certificate
    /// the server is verified against it (certificate and name); without one TLS is used when the server offers it.
    /// </summary>
    public static async Task<MySqlConnection> OpenAsync(
        string host, int port, string user, string password, string? database = null, string? caCertificatePath = null, CancellationToken cancellationToken = default)
    {
        var settings = new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = checked((uint)port),
            UserID = user,
            Password = password,
            Database = database ?? string.Empty,
            Pooling = false,
            ConnectionTimeout = 10,
            AllowUserVariables = true,
            SslMode = caCertificatePath is null ? MySqlSslMode.Preferred : MySqlSslMode.VerifyFull,
            SslCa = caCertificatePath ?? string.Empty,
        };
        var connection = new MySqlConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a statement (or several, separated by semicolons).</summary>
    public static async Task ExecuteAsync(this MySqlConnection connection, string sql, CancellationToken cancellationToken = default)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row; null for NULL or no row.</summary>
    public static async Task<object?> ExecuteScalarAsync(this MySqlConnection connection, string sql, CancellationToken cancellationToken = default)
    {
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
