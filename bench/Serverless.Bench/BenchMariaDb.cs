using Serverless.MySql;
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

    /// <summary>How our client connects to the server as its admin user: TCP, TLS off, no command timeout to speak of.</summary>
    public static MySqlConnectionOptions Client(MariaDbServer server) => new()
    {
        Host = server.Host,
        Port = server.Port,
        User = server.AdminUser,
        Password = server.AdminPassword,
        TlsMode = MySqlTlsMode.Disabled,
        // A server-side LOAD DATA or SELECT … INTO OUTFILE of a large table is one long statement.
        CommandTimeout = TimeSpan.FromHours(1),
    };

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
