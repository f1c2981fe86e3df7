using Serverless.Platforms.Local;

namespace Serverless.Bench.Backup;

/// <summary>
/// The reference backup and restore tools, as an operator would run them. Pipelines run in bash with
/// <c>pipefail</c>, so a failing dump or client fails the step; paths and options travel as positional
/// parameters, never re-parsed by the shell. Passwords go through <c>MYSQL_PWD</c>.
/// </summary>
internal static class ReferenceTools
{
    /// <summary>Rows per mydumper chunk, as our dumper's default: without chunks one table is one thread's work.</summary>
    public const int MydumperChunkRows = 250_000;

    /// <summary><c>mariadb-dump --single-transaction database | gzip -1 &gt; file</c>.</summary>
    public static ToolInvocation MariaDbDump(MariaDbServer server, string database, string file) => Pipeline(
        server,
        "\"${@:2}\" | gzip -1 > \"$1\"",
        file,
        ["mariadb-dump", "--single-transaction", database]);

    /// <summary>
    /// <c>gunzip -c file | mariadb database</c>; the database must exist. The session skips the binary log, as our
    /// loader's and myloader's do (the dump itself turns the key checks off).
    /// </summary>
    public static ToolInvocation MariaDbRestore(MariaDbServer server, string database, string file) => Pipeline(
        server,
        "gunzip -c \"$1\" | \"${@:2}\"",
        file,
        ["mariadb", "--init-command=SET SESSION sql_log_bin = 0", database]);

    /// <summary><c>mydumper -t 2 -c</c> of <paramref name="database"/> into <paramref name="directory"/> (which must not hold a dump).</summary>
    public static ToolInvocation Mydumper(MariaDbServer server, string database, string directory) => new(
        "mydumper",
        [
            .. BenchMariaDb.LoginArguments(server),
            $"--database={database}",
            "--threads=2",
            "--compress",
            $"--rows={MydumperChunkRows}",
            $"--outputdir={directory}",
        ])
    {
        Environment = BenchMariaDb.Login(server),
    };

    /// <summary><c>myloader -t 2</c> of the dump in <paramref name="directory"/>; it creates the database.</summary>
    public static ToolInvocation Myloader(MariaDbServer server, string directory) => new(
        "myloader",
        [.. BenchMariaDb.LoginArguments(server), "--threads=2", $"--directory={directory}"])
    {
        Environment = BenchMariaDb.Login(server),
    };

    // $1 is the file; "${@:2}" is the MariaDB tool and its arguments, --no-defaults first (no ~/.my.cnf or /etc/mysql).
    private static ToolInvocation Pipeline(MariaDbServer server, string script, string file, string[] tool) => new(
        "/bin/bash",
        ["-c", "set -o pipefail; " + script, "bash", file, tool[0], "--no-defaults", "--skip-ssl", .. BenchMariaDb.LoginArguments(server), .. tool[1..]])
    {
        Environment = BenchMariaDb.Login(server),
    };
}
