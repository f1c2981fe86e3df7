using MySqlConnector;
using Serverless.DataPlane;
using Serverless.Platforms.Local;

namespace Serverless.Bench;

/// <summary>The throwaway MariaDB servers the benchmarks run against, all configured alike.</summary>
internal static class BenchMariaDb
{
    /// <summary>
    /// Starts a server whose whole sbtest table stays in the buffer pool (so runs measure the clients and tools,
    /// not the disk), with a redo log and flushing that keep bulk writes (sysbench's prepare, restores) fast.
    /// </summary>
    /// <param name="name">The server's name, in its state directory and log messages.</param>
    /// <param name="extraSettings">More <c>[mysqld]</c> settings, replacing these defaults where they overlap.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<MariaDbServer> StartAsync(string name, IReadOnlyDictionary<string, string>? extraSettings, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["innodb_buffer_pool_size"] = "1G",
            ["innodb_log_file_size"] = "256M",
            ["innodb_flush_log_at_trx_commit"] = "2",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return MariaDbServer.StartAsync(new MariaDbServerOptions { Name = name, ExtraSettings = settings }, cancellationToken);
    }

    /// <summary>
    /// How our data plane connects to the server as its admin user: TCP with TLS off, as the reference tools connect
    /// (<c>--skip-ssl</c>), so that all of them pay the same for the network.
    /// </summary>
    public static ServerConnection Client(MariaDbServer server) =>
        new(server.Host, server.Port, server.AdminUser, server.AdminPassword, CaCertificatePem: null) { UseTls = false };

    /// <summary>
    /// Opens a MySqlConnector connection for the benchmark's own statements (setup, checks, the server-side floor), with
    /// no command timeout: a server-side LOAD DATA or SELECT … INTO OUTFILE of a large table is one long statement.
    /// </summary>
    public static async Task<MySqlConnection> OpenAsync(ServerConnection server, CancellationToken cancellationToken, string? database = null)
    {
        var settings = new MySqlConnectionStringBuilder
        {
            Server = server.Host,
            Port = checked((uint)server.Port),
            UserID = server.User,
            Password = server.Password,
            Database = database ?? string.Empty,
            SslMode = MySqlSslMode.None,
            DefaultCommandTimeout = 0,
            Pooling = false,
        };
        var connection = new MySqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs one statement on a connection of its own.</summary>
    public static async Task ExecuteAsync(ServerConnection server, string sql, CancellationToken cancellationToken, string? database = null)
    {
        await using var connection = await OpenAsync(server, cancellationToken, database);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The login options of the MariaDB command-line tools (mariadb, mariadb-dump, mydumper, myloader) for the
    /// server; the password goes in <see cref="Login"/>'s environment, never on the command line.
    /// </summary>
    public static IReadOnlyList<string> LoginArguments(MariaDbServer server) =>
        [$"--host={server.Host}", $"--port={server.Port}", $"--user={server.AdminUser}"];

    /// <summary>The environment that gives the client library the admin password (<c>MYSQL_PWD</c>).</summary>
    public static IReadOnlyDictionary<string, string> Login(MariaDbServer server) =>
        new Dictionary<string, string> { ["MYSQL_PWD"] = server.AdminPassword };
}
