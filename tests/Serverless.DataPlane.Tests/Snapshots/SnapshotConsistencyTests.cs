using System.Diagnostics;
using Serverless.DataPlane.Snapshots;
using MySqlConnector;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

public sealed class SnapshotConsistencyTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    private static readonly string[] Tables = ["big", "small", "nokey", "composite"];

    /// <summary>
    /// With the admin account the dump blocks commits (BACKUP STAGE) to align its connections; an account
    /// without RELOAD cannot, and the dump must still be consistent (aligned retries, else one connection).
    /// </summary>
    [Theory]
    [InlineData("shop_admin", false)]
    [InlineData("shop_noreload", true)]
    public async Task Dump_UnderWriteLoad_RestoredSnapshotPlusBinlogFromItsCoordinates_EqualsSource(string database, bool withoutReload)
    {
        var dumpAs = environment.SourceOptions;
        if (withoutReload)
        {
            await TableContent.ExecuteAsync(environment.SourceOptions, "CREATE OR REPLACE USER dumper@'%' IDENTIFIED BY 'dump-pw'; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, BINLOG MONITOR ON *.* TO dumper@'%'");
            dumpAs = dumpAs with { User = "dumper", Password = "dump-pw" };
        }

        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE big (id INT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL, v VARCHAR(200) NOT NULL, KEY k_k (k));
            CREATE TABLE small (id INT PRIMARY KEY, n BIGINT NOT NULL);
            CREATE TABLE nokey (a INT, b VARCHAR(20));
            CREATE TABLE composite (a INT, b INT, v INT NOT NULL, PRIMARY KEY (a, b));
            INSERT INTO big (k, v) SELECT seq % 97, CONCAT('row ', seq) FROM seq_1_to_6000;
            INSERT INTO small SELECT seq, 0 FROM seq_1_to_100;
            INSERT INTO nokey SELECT seq, 'seed' FROM seq_1_to_50;
            INSERT INTO composite SELECT seq % 10, seq, 0 FROM seq_1_to_200;
            """);
        var store = await environment.CreateStoreAsync();

        using var stop = new CancellationTokenSource();
        var commits = new long[1];
        var writers = Enumerable.Range(0, 2).Select(i => Task.Run(() => WriteAsync(environment.SourceOptions, database, i, commits, stop.Token))).ToList();
        await Task.Delay(300);
        var before = Interlocked.Read(ref commits[0]);
        var summary = await new SnapshotDumper(store).DumpAsync(
            dumpAs,
            "under-load",
            new SnapshotDumpOptions { Databases = [database], ChunkRows = 500, Parallelism = 2, IncludeUsers = false },
            CancellationToken.None);
        var during = Interlocked.Read(ref commits[0]) - before;
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(during >= 10, $"Only {during} transactions committed while the dump ran; the test did not exercise consistency.");
        Assert.NotEmpty(summary.Position.File);
        Assert.NotEmpty(summary.Position.GtidSet);

        await new SnapshotLoader(store).LoadAsync("under-load", environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, CancellationToken.None);
        await ReplayBinlogAsync(summary.Position);

        foreach (var table in Tables)
        {
            var name = $"{database}.{table}";
            Assert.Equal(await TableContent.ChecksumAsync(environment.SourceOptions, name), await TableContent.ChecksumAsync(environment.TargetOptions, name));
        }

        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.big", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.big", "id"));
    }

    /// <summary>Inserts, updates and deletes across the tables, single- and multi-table transactions, until stopped.</summary>
    private static async Task WriteAsync(ServerConnection server, string database, int seed, long[] commits, CancellationToken stop)
    {
        var random = new Random(seed);
        await using var connection = await TableContent.OpenAsync(server, database);
        while (!stop.IsCancellationRequested)
        {
            var id = random.Next(1, 6500);
            var sql = random.Next(5) switch
            {
                0 => $"INSERT INTO big (k, v) VALUES ({random.Next(100)}, 'new {id}')",
                1 => $"UPDATE big SET v = CONCAT(LEFT(v, 150), '+'), k = k + 1 WHERE id = {id}",
                2 => $"DELETE FROM big WHERE id = {id}",
                3 => $"START TRANSACTION; UPDATE small SET n = n + 1 WHERE id = {id % 100 + 1}; INSERT INTO nokey VALUES ({id}, 'w{seed}'); "
                    + $"INSERT INTO composite VALUES ({id % 10}, {id}, 1) ON DUPLICATE KEY UPDATE v = v + 1; UPDATE big SET k = -k WHERE id = {id}; COMMIT",
                _ => $"START TRANSACTION; DELETE FROM nokey WHERE a = {id} LIMIT 1; UPDATE composite SET v = v - 1 WHERE a = {id % 10} AND b < {id % 200}; COMMIT",
            };
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            Interlocked.Increment(ref commits[0]);
        }
    }

    /// <summary>
    /// Applies the source's binlog from the snapshot's coordinates to the restored server, the way point-in-time
    /// recovery does. The replay runs with sql_log_bin = 0: the target's own binlog and gtid_strict_mode are not
    /// involved (the loader wrote nothing to it either).
    /// </summary>
    private async Task ReplayBinlogAsync(BinlogCoordinates position)
    {
        var logs = (await TableContent.RowsAsync(environment.SourceOptions, "SHOW BINARY LOGS"))
            .Select(row => System.Text.Encoding.UTF8.GetString(Convert.FromHexString(row.Split('|')[0])))
            .SkipWhile(name => name != position.File)
            .Select(name => Path.Combine(environment.Source.DataDirectory, name))
            .ToList();
        Assert.NotEmpty(logs);

        var target = environment.Target;
        var script = $"mariadb-binlog --start-position={position.Position} {string.Join(" ", logs.Select(l => $"'{l}'"))} "
            + $"| mariadb --host={target.Host} --port={target.Port} --user={target.AdminUser} --init-command='SET SESSION sql_log_bin = 0'";
        var start = new ProcessStartInfo("bash", ["-o", "pipefail", "-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["MYSQL_PWD"] = target.AdminPassword;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"Binlog replay failed ({process.ExitCode}): {await stderr}");
    }
}
