using MySqlConnector;
using Serverless.Platforms.Local;

namespace Serverless.Binlog.Tests;

/// <summary>How the tests reach a test server: our binlog client as a replica, MySqlConnector for SQL.</summary>
internal static class TestServers
{
    private static int _serverIds = 100;

    /// <summary>A server id no other reader in this test run uses (the server ends an older dump with the same id).</summary>
    public static uint NextServerId() => (uint)Interlocked.Increment(ref _serverIds);

    public static BinlogClientOptions ReplicaOptions(this MariaDbServer server, BinlogTlsMode tls = BinlogTlsMode.Disabled) => new()
    {
        Host = server.Host,
        Port = server.Port,
        User = server.AdminUser,
        Password = server.AdminPassword,
        ServerId = NextServerId(),
        TlsMode = tls,
        TlsCaCertificatePem = server.TlsCaCertificatePath is { } path ? File.ReadAllText(path) : null,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ReadTimeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<MySqlConnection> OpenSqlAsync(this MariaDbServer server)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = server.Host,
            Port = (uint)server.Port,
            UserID = server.AdminUser,
            Password = server.AdminPassword,
            SslMode = MySqlSslMode.None,
            AllowUserVariables = true,
            Pooling = false,
            DefaultCommandTimeout = 120,
        };
        var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task ExecuteAsync(this MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> ScalarAsync(this MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>The binlog file and position the server writes next (SHOW MASTER STATUS).</summary>
    public static async Task<(string File, long Position)> BinlogStatusAsync(this MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SHOW MASTER STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("The server has no binlog.");
        }

        return (reader.GetString(0), reader.GetInt64(1));
    }

    /// <summary>Starts a new binlog file and returns its name.</summary>
    public static async Task<string> RotateAsync(this MySqlConnection connection)
    {
        await connection.ExecuteAsync("FLUSH BINARY LOGS");
        return (await connection.BinlogStatusAsync()).File;
    }

    /// <summary>A database name unique to one test, so tests sharing a server do not see each other's tables.</summary>
    public static string UniqueDatabase(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
