using Serverless.Platforms.Local;

namespace Serverless.Bench.MySqlStream;

/// <summary>
/// One full scan through the <c>mariadb</c> command-line client: <c>--batch --quick</c> streams rows
/// (mysql_use_result) and prints them tab-separated to /dev/null. TLS is off, as for our client.
/// </summary>
internal static class MariaDbCliTableScan
{
    /// <summary>Runs the client once and returns the wall time of its process.</summary>
    public static async Task<TimeSpan> RunAsync(MariaDbServer server, string sql, CancellationToken cancellationToken)
    {
        var invocation = new ToolInvocation(
            "mariadb",
            [
                "--no-defaults", // Must come first: no ~/.my.cnf or /etc/mysql settings change the run.
                "--batch",
                "--quick",
                "--skip-column-names",
                "--skip-ssl",
                .. BenchMariaDb.LoginArguments(server),
                $"--execute={sql}",
            ])
        {
            Environment = BenchMariaDb.Login(server),
            DiscardOutput = true,
        };
        var result = await ToolProcess.RunAsync(invocation, cancellationToken);
        return result.Elapsed;
    }
}
