using System.Globalization;
using Serverless.DataPlane;
using Serverless.Platforms.Local;

namespace Serverless.Bench.Backup;

/// <summary>sysbench's <c>sbtest.sbtest1</c>, filled by <c>sysbench oltp_read_only prepare</c>: one table, one secondary index.</summary>
internal sealed class SysbenchTable : IBenchDataset
{
    public const string Name = "sysbench";

    /// <summary>The database sysbench prepares.</summary>
    public const string DatabaseName = "sbtest";

    /// <summary>Its one table.</summary>
    public const string Table = "sbtest1";

    public string Database => DatabaseName;

    public IReadOnlyList<string> Tables { get; } = [Table];

    public string Describe(int rows) => $"sysbench sbtest1, {rows:N0} rows";

    /// <summary>Creates the database and lets sysbench fill the table with <paramref name="rows"/> rows.</summary>
    public async Task<TimeSpan> PrepareAsync(MariaDbServer server, ServerConnection admin, int rows, CancellationToken cancellationToken)
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
