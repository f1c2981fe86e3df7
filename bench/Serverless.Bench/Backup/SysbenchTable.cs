using System.Globalization;
using Serverless.DataPlane;
using Serverless.Platforms.Local;

namespace Serverless.Bench.Backup;

/// <summary>Creates sysbench's <c>sbtest.sbtest1</c> with <c>sysbench oltp_read_only prepare</c>.</summary>
internal static class SysbenchTable
{
    public const string Database = "sbtest";
    public const string Table = "sbtest1";

    /// <summary>Creates the database and lets sysbench fill the table with <paramref name="rows"/> rows.</summary>
    /// <param name="server">The server; sysbench logs in as its admin user.</param>
    /// <param name="admin">How the data plane connects to it as that user.</param>
    /// <param name="rows">How many rows sysbench inserts.</param>
    /// <param name="cancellationToken">Cancels the prepare; sysbench is killed.</param>
    /// <returns>How long sysbench took.</returns>
    public static async Task<TimeSpan> PrepareAsync(MariaDbServer server, ServerConnection admin, int rows, CancellationToken cancellationToken)
    {
        await BenchMariaDb.ExecuteAsync(admin, $"CREATE DATABASE IF NOT EXISTS {Database}", cancellationToken);

        // Without --mysql-password, the client library sysbench links reads MYSQL_PWD: the password stays
        // out of the process list.
        var invocation = new ToolInvocation(
            "sysbench",
            [
                "oltp_read_only",
                "--db-driver=mysql",
                $"--mysql-host={server.Host}",
                $"--mysql-port={server.Port}",
                $"--mysql-user={server.AdminUser}",
                $"--mysql-db={Database}",
                "--tables=1",
                $"--table-size={rows.ToString(CultureInfo.InvariantCulture)}",
                "prepare",
            ])
        {
            Environment = BenchMariaDb.Login(server),
        };
        var result = await ToolProcess.RunAsync(invocation, cancellationToken);
        return result.Elapsed;
    }
}
