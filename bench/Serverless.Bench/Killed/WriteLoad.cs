using System.Globalization;
using MySqlConnector;
using Serverless.DataPlane;

namespace Serverless.Bench.Killed;

/// <summary>
/// <c>sysbench oltp_write_only</c> at a fixed rate against the source while a backup reads it. Stopping it kills
/// sysbench and waits until the server has no session of the benchmark's user left (a killed client's last transaction
/// is committed or rolled back by then), so that nothing writes to the source afterwards. The transactions it committed
/// are counted from the source's GTID position.
/// </summary>
internal sealed class WriteLoad : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(1);

    private readonly ServerConnection _source;
    private readonly BackgroundTool _sysbench;
    private readonly long _firstSequence;

    private WriteLoad(ServerConnection source, BackgroundTool sysbench, long firstSequence)
    {
        _source = source;
        _sysbench = sysbench;
        _firstSequence = firstSequence;
    }

    /// <summary>Transactions committed on the source while the load ran; known once stopped.</summary>
    public long Transactions { get; private set; }

    /// <summary>True until <see cref="StopAsync"/>.</summary>
    public bool Running { get; private set; } = true;

    /// <summary>Starts <paramref name="threads"/> sysbench threads writing <paramref name="rate"/> transactions a second in all to sbtest1.</summary>
    public static async Task<WriteLoad> StartAsync(ServerConnection source, string database, int rows, int rate, int threads, CancellationToken cancellationToken)
    {
        var first = SequenceSum(await GtidPositionAsync(source, cancellationToken));
        var sysbench = BackgroundTool.Start(InstanceSysbench.Invocation(source.Host, source.Port, source.User, source.Password, database, [
            "oltp_write_only", "--tables=1", $"--table-size={rows.ToString(CultureInfo.InvariantCulture)}",
            $"--threads={threads.ToString(CultureInfo.InvariantCulture)}", $"--rate={rate.ToString(CultureInfo.InvariantCulture)}",
            "--time=0", "--report-interval=0", "--mysql-ignore-errors=1213,1205", "run"]));
        return new WriteLoad(source, sysbench, first);
    }

    /// <summary>Stops the load and waits until its sessions are gone from the source.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!Running)
        {
            return;
        }

        var ranToTheEnd = !_sysbench.HasExited;
        await _sysbench.StopAsync();
        Running = false;
        if (!ranToTheEnd)
        {
            throw new ToolFailedException("sysbench oltp_write_only ended on its own during the backup: the backup ran without its write load.");
        }

        // The user sees only its own sessions (no PROCESS privilege): every one but this is sysbench's. SHOW PROCESSLIST,
        // not information_schema.PROCESSLIST, which MariaDB 10.11 reads through a temporary table (see issue 18's notes).
        await using var connection = await BenchMariaDb.OpenAsync(_source, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await OtherSessionsAsync(connection, cancellationToken) > 0)
        {
            if (clock.Elapsed > DrainTimeout)
            {
                throw new ToolFailedException($"sysbench's sessions were still on the source {DrainTimeout.TotalSeconds:0} s after it was killed.");
            }

            await Task.Delay(100, cancellationToken);
        }

        Transactions = SequenceSum(await GtidPositionAsync(_source, cancellationToken)) - _firstSequence;
    }

    /// <summary>The source's <c>gtid_binlog_pos</c>: the last transaction of each replication domain it has written.</summary>
    public static async Task<string> GtidPositionAsync(ServerConnection source, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(source, cancellationToken);
        await using var command = new MySqlCommand("SELECT @@GLOBAL.gtid_binlog_pos", connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public async ValueTask DisposeAsync() => await _sysbench.DisposeAsync();

    private static async Task<int> OtherSessionsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var others = 0;
        await using var command = new MySqlCommand("SHOW PROCESSLIST", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) != connection.ServerThread)
            {
                others++;
            }
        }

        return others;
    }

    private static long SequenceSum(string position) =>
        position.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Sum(gtid => long.Parse(gtid[(gtid.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture));
}
