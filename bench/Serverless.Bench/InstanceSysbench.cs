using System.Globalization;

namespace Serverless.Bench;

/// <summary>sysbench against a database instance of the control plane, as its user.</summary>
internal static class InstanceSysbench
{
    /// <summary>
    /// sysbench's <paramref name="command"/> (test, options, <c>prepare</c> or <c>run</c>) against <paramref name="database"/>
    /// at <paramref name="host"/>:<paramref name="port"/>; the password travels in <c>MYSQL_PWD</c>, never on the command line.
    /// </summary>
    public static ToolInvocation Invocation(string host, int port, string user, string password, string database, IReadOnlyList<string> command) => new(
        "sysbench",
        [
            "--db-driver=mysql", $"--mysql-host={host}", $"--mysql-port={port.ToString(CultureInfo.InvariantCulture)}",
            $"--mysql-user={user}", $"--mysql-db={database}", .. command,
        ])
    {
        Environment = new Dictionary<string, string> { ["MYSQL_PWD"] = password },
        DiscardOutput = true,
    };
}
