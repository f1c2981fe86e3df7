using System.Diagnostics;
using System.Globalization;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Tests.Replication;

/// <summary>
/// <c>sysbench oltp_write_only</c> against one instance as an application account, running until disposed. Writes the
/// server refuses (a fenced source) are ignored (<c>--mysql-ignore-errors=all</c>), so the load keeps knocking while a
/// promote switches the source. The password goes through <c>MYSQL_PWD</c>, never the command line.
/// </summary>
internal sealed class SysbenchLoad : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;
    private int _disposed;

    private SysbenchLoad(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Fills <paramref name="tables"/> sbtest tables of <paramref name="rows"/> rows each in <paramref name="database"/>.</summary>
    public static async Task PrepareAsync(InstanceView instance, string user, string password, string database, int tables, int rows)
    {
        using var process = Start(instance, user, password, database, tables, rows, ["prepare"]);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sysbench prepare exited with {process.ExitCode}: {await errors}{await output}");
        }
    }

    /// <summary>Starts the write load at about <paramref name="rate"/> transactions a second over two threads.</summary>
    public static SysbenchLoad Run(InstanceView instance, string user, string password, string database, int tables, int rows, int rate) =>
        new(Start(instance, user, password, database, tables, rows, ["--threads=2", $"--rate={rate.ToString(CultureInfo.InvariantCulture)}", "--time=0", "--mysql-ignore-errors=all", "run"]));

    /// <summary>Whether sysbench is still running (it would have stopped on an error it did not ignore).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>What sysbench printed, for a failure message.</summary>
    public async Task<string> OutputAsync() => _process.HasExited ? $"{await _errors}{await _output}" : "(still running)";

    /// <summary>Stops sysbench; stopping it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static Process Start(InstanceView instance, string user, string password, string database, int tables, int rows, string[] command)
    {
        var start = new ProcessStartInfo("sysbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "oltp_write_only", "--db-driver=mysql", $"--mysql-host={instance.Host}", $"--mysql-port={instance.Port!.Value.ToString(CultureInfo.InvariantCulture)}",
            $"--mysql-user={user}", $"--mysql-db={database}", $"--tables={tables.ToString(CultureInfo.InvariantCulture)}",
            $"--table-size={rows.ToString(CultureInfo.InvariantCulture)}",
        }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MYSQL_PWD"] = password;
        return Process.Start(start) ?? throw new InvalidOperationException("sysbench did not start.");
    }
}
