using System.Diagnostics;
using MySqlConnector;
using Serverless.DataPlane.Snapshots;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>A write load on the source during a dump, and the source's binlog replayed onto the target after a restore.</summary>
internal static class SourceWorkload
{
    /// <summary>The tables <see cref="WriteAsync"/> writes: a chunked table with a secondary index, a small one, one without a key, one with a composite key.</summary>
    public static Task CreateSchemaAsync(ServerConnection server, string database) => TableContent.ExecuteAsync(server, $"""
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

    /// <summary>Inserts, updates and deletes across the tables, single- and multi-table transactions, until stopped.</summary>
    public static async Task WriteAsync(ServerConnection server, string database, int seed, long[] commits, CancellationToken stop)
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
    public static async Task ReplayBinlogAsync(SnapshotEnvironment environment, BinlogCoordinates position)
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
