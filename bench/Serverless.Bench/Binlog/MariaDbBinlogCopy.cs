using Serverless.Platforms.Local;

namespace Serverless.Bench.Binlog;

/// <summary>
/// The reference: <c>mariadb-binlog --read-from-remote-server --raw --to-last-log</c> copies every binlog file from
/// the server, from the first to the last, into a directory (the way binlog backups are commonly taken).
/// </summary>
internal static class MariaDbBinlogCopy
{
    public static async Task<long> RunAsync(MariaDbServer server, string firstFile, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        try
        {
            var invocation = new ToolInvocation(
                "mariadb-binlog",
                [
                    "--no-defaults",
                    "--read-from-remote-server",
                    "--raw",
                    "--to-last-log",
                    "--skip-ssl",
                    .. BenchMariaDb.LoginArguments(server),
                    $"--result-file={directory}/",
                    firstFile,
                ])
            {
                Environment = BenchMariaDb.Login(server),
            };
            await ToolProcess.RunAsync(invocation, cancellationToken);
            return Directory.EnumerateFiles(directory).Sum(f => new FileInfo(f).Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
