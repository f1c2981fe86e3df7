using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;
using Serverless.DataPlane.Tests.Snapshots;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.DataPlane.Tests.Binlog;

/// <summary>Full snapshot → segment → segment on a real server, restored from every member and to a point in time.</summary>
public sealed class ChainRestoreTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    [Fact]
    public async Task EveryMember_RestoresExactlyTheDataAtItsEnd_IncludingDdl()
    {
        var db = Unique("chain");
        var other = Unique("added");
        var source = environment.SourceOptions;
        await TableContent.ExecuteAsync(source, $"""
            CREATE DATABASE {db}; USE {db};
            CREATE TABLE a (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(100) CHARACTER SET utf8mb4, n BIGINT, j JSON, dt DATETIME(6), lat VARCHAR(20) CHARACTER SET latin1) DEFAULT CHARSET = utf8mb4;
            INSERT INTO a (v, n, j, dt, lat) SELECT CONCAT('row ', seq, ' café 😀'), seq * 7, JSON_OBJECT('k', seq), '2026-01-02 03:04:05.123456', 'naïve' FROM seq_1_to_500;
            """);
        var store = await environment.CreateStoreAsync();
        var full = await new SnapshotDumper(store).DumpAsync(source, "full", new SnapshotDumpOptions { Databases = [db], IncludeUsers = false }, CancellationToken.None);

        // Segment 1: DML of every kind, and DDL (a new table, a changed one) with rows in between.
        await TableContent.ExecuteAsync(source, $"""
            USE {db};
            UPDATE a SET n = n + 1, v = CONCAT(v, ' ✓') WHERE id % 10 = 0;
            DELETE FROM a WHERE id % 17 = 0;
            CREATE TABLE b (k VARCHAR(10) PRIMARY KEY, payload LONGBLOB);
            INSERT INTO b VALUES ('one', RANDOM_BYTES(1000)), ('two', REPEAT('x', 300000));
            ALTER TABLE a ADD COLUMN added INT NOT NULL DEFAULT 5, ADD KEY k_n (n);
            INSERT INTO a (v, n, added) VALUES ('after alter', 1, 9);
            START TRANSACTION; INSERT INTO a (v, n) VALUES ('in trx', 2); UPDATE b SET payload = 'short' WHERE k = 'one'; COMMIT;
            START TRANSACTION; INSERT INTO a (v, n) VALUES ('rolled back', 3); ROLLBACK;
            """);
        var expected1 = await HashesAsync(source, $"{db}.a", $"{db}.b");
        var inc1 = await new SegmentCapturer(store).CaptureAsync(source, "inc1", "full", full.Position, new SegmentCaptureOptions(), CancellationToken.None);

        // Segment 2: a dropped table, a new database, and a transaction bigger than one artifact.
        await TableContent.ExecuteAsync(source, $"""
            USE {db};
            DROP TABLE b;
            CREATE DATABASE {other};
            CREATE TABLE {other}.c (id INT PRIMARY KEY, t TEXT);
            INSERT INTO {other}.c SELECT seq, REPEAT(CHAR(65 + seq % 26), 2000) FROM seq_1_to_2000;
            UPDATE a SET v = 'last' WHERE id = 1;
            """);
        var expected2 = await HashesAsync(source, $"{db}.a", $"{other}.c");
        var inc2 = await new SegmentCapturer(store).CaptureAsync(source, "inc2", "inc1", inc1.End, new SegmentCaptureOptions { ArtifactBytes = 1024 * 1024 }, CancellationToken.None);

        Assert.Equal(full.Position.File, inc1.Start.File);
        Assert.Equal(full.Position.Position, inc1.Start.Position);
        Assert.True(inc1.Transactions >= 7, $"inc1 holds {inc1.Transactions} groups");
        Assert.NotEqual(inc1.Start.GtidSet, inc1.End.GtidSet);
        Assert.True((await ArtifactSetReader.OpenAsync(store, "inc2")).Artifacts.Count > 1, "inc2 was not split into several artifacts");

        var restorer = new ChainRestorer(store);
        var load = new SnapshotLoadOptions { IncludeUsers = false };
        await restorer.RestoreAsync("full", ["inc1"], environment.TargetOptions, load, stopAt: null, CancellationToken.None);
        Assert.Equal(expected1, await HashesAsync(environment.TargetOptions, $"{db}.a", $"{db}.b"));

        var result = await restorer.RestoreAsync("full", ["inc1", "inc2"], environment.TargetOptions, load, stopAt: null, CancellationToken.None);
        Assert.Equal(expected2, await HashesAsync(environment.TargetOptions, $"{db}.a", $"{other}.c"));
        Assert.False(await ExistsAsync(environment.TargetOptions, db, "b"));
        Assert.Equal(inc2.End.GtidSet, result.GtidPosition);
        Assert.Equal(inc2.End.GtidSet, Convert.ToString(await TableContent.ScalarAsync(environment.TargetOptions, "SELECT @@gtid_binlog_pos"), System.Globalization.CultureInfo.InvariantCulture));

        // The same restore again, twice at once (a step delivered twice after a host was killed): they take turns and
        // end the same.
        await Task.WhenAll(
            restorer.RestoreAsync("full", ["inc1", "inc2"], environment.TargetOptions, load, stopAt: null, CancellationToken.None),
            Task.Run(() => restorer.RestoreAsync("full", ["inc1", "inc2"], environment.TargetOptions, load, stopAt: null, CancellationToken.None)));
        Assert.Equal(expected2, await HashesAsync(environment.TargetOptions, $"{db}.a", $"{other}.c"));
    }

    /// <summary>
    /// A restore interrupted while it replays the chain's segments (here after half their events, across artifacts) runs
    /// again and continues after the last group it committed: the replay is not idempotent, so a group applied twice
    /// would fail on its duplicate key or its changed row, and the data would differ.
    /// </summary>
    [Fact]
    public async Task RestoreInterruptedDuringTheSegments_ContinuesAfterItsLastCommittedGroup()
    {
        var db = Unique("cutseg");
        var source = environment.SourceOptions;
        await TableContent.ExecuteAsync(source, $"CREATE DATABASE {db}; CREATE TABLE {db}.t (id INT PRIMARY KEY, n INT NOT NULL, v VARCHAR(200) NOT NULL)");
        var store = await environment.CreateStoreAsync();
        var full = await new SnapshotDumper(store).DumpAsync(source, "full", new SnapshotDumpOptions { Databases = [db], IncludeUsers = false }, CancellationToken.None);

        // One group per statement: inserts, updates that add (applied twice they would not match the row), a DDL group.
        var statements = new List<string>();
        for (var i = 1; i <= 120; i++)
        {
            statements.Add($"INSERT INTO {db}.t (id, n, v) VALUES ({i}, 0, REPEAT('x', 150))");
            statements.Add($"UPDATE {db}.t SET n = n + {i} WHERE id <= {i}");
            if (i == 60)
            {
                statements.Add($"ALTER TABLE {db}.t ADD COLUMN added INT NOT NULL DEFAULT 3");
            }
        }

        await TableContent.ExecuteAsync(source, string.Join(";\n", statements));
        var expected = await HashesAsync(source, $"{db}.t");
        var inc = await new SegmentCapturer(store).CaptureAsync(source, "inc", "full", full.Position, new SegmentCaptureOptions { ArtifactBytes = 8 * 1024 }, CancellationToken.None);
        Assert.True((await ArtifactSetReader.OpenAsync(store, "inc")).Artifacts.Count >= 4, "The segment was not split into several artifacts.");

        var target = environment.TargetOptions;
        var load = new SnapshotLoadOptions { IncludeUsers = false, LoadId = Unique("cut") };
        using (var cut = new ReplayCut(inc.Events / 2))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => new ChainRestorer(store) { ReplayProgress = cut }.RestoreAsync("full", ["inc"], target, load, null, cut.Token));
            Assert.True(cut.Cut);
        }

        var result = await new ChainRestorer(store).RestoreAsync("full", ["inc"], target, load, null, CancellationToken.None);
        Assert.Equal(inc.Transactions, result.Transactions);
        Assert.InRange(result.ResumedTransactions, inc.Transactions / 4, inc.Transactions - 1);
        Assert.Equal(expected, await HashesAsync(target, $"{db}.t"));
        Assert.Equal(inc.End.GtidSet, result.GtidPosition);
    }

    /// <summary>
    /// Two deliveries of one capture step at once (after a host kill): the second waits for the first under the
    /// source's lock and returns the segment the first wrote, rather than writing the same set's parts under it.
    /// </summary>
    [Fact]
    public async Task Capture_DeliveredTwiceAtOnce_WritesTheSegmentOnce_AndBothReturnIt()
    {
        var db = Unique("twice");
        var source = environment.SourceOptions;
        await TableContent.ExecuteAsync(source, $"CREATE DATABASE {db}; CREATE TABLE {db}.t (id INT PRIMARY KEY, v VARCHAR(20))");
        var store = await environment.CreateStoreAsync();
        var full = await new SnapshotDumper(store).DumpAsync(source, "full", new SnapshotDumpOptions { Databases = [db], IncludeUsers = false }, CancellationToken.None);
        await TableContent.ExecuteAsync(source, $"INSERT INTO {db}.t SELECT seq, 'row' FROM {db}.seq_1_to_2000");

        var captures = await Task.WhenAll(
            Task.Run(() => new SegmentCapturer(store).CaptureAsync(source, "inc", "full", full.Position, new SegmentCaptureOptions(), CancellationToken.None)),
            Task.Run(() => new SegmentCapturer(store).CaptureAsync(source, "inc", "full", full.Position, new SegmentCaptureOptions(), CancellationToken.None)));

        Assert.Equal(captures[0], captures[1]);
        await new ChainRestorer(store).RestoreAsync("full", ["inc"], environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, null, CancellationToken.None);
        Assert.Equal(2000L, Convert.ToInt64(await TableContent.ScalarAsync(environment.TargetOptions, $"SELECT COUNT(*) FROM {db}.t"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task PointInTime_KeepsRowsWrittenUpToTheSecond_AndNoneAfter()
    {
        var db = Unique("pitr");
        var source = environment.SourceOptions;
        await TableContent.ExecuteAsync(source, $"CREATE DATABASE {db}; CREATE TABLE {db}.t (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME NOT NULL)");
        var store = await environment.CreateStoreAsync();
        var full = await new SnapshotDumper(store).DumpAsync(source, "full", new SnapshotDumpOptions { Databases = [db], IncludeUsers = false }, CancellationToken.None);

        // One insert per second for a few seconds; each row records the second it was written in.
        var seconds = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            var second = await NextSecondAsync(source);
            await TableContent.ExecuteAsync(source, $"INSERT INTO {db}.t (at) VALUES (UTC_TIMESTAMP()); INSERT INTO {db}.t (at) VALUES (UTC_TIMESTAMP())");
            seconds.Add(second);
        }

        var inc = await new SegmentCapturer(store).CaptureAsync(source, "inc", "full", full.Position, new SegmentCaptureOptions(), CancellationToken.None);
        var cut = seconds[1];
        var result = await new ChainRestorer(store).RestoreAsync("full", ["inc"], environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, new SegmentStopPoint(cut, null), CancellationToken.None);

        var rows = await TableContent.RowsAsync(environment.TargetOptions, $"SELECT DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s') FROM {db}.t ORDER BY id");
        var expected = (await TableContent.RowsAsync(source, $"SELECT DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s') FROM {db}.t WHERE at <= '{cut.UtcDateTime:yyyy-MM-dd HH:mm:ss}' ORDER BY id"));
        Assert.True(result.Stopped);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, rows);
        Assert.True(inc.Transactions >= 8);
    }

    [Fact]
    public async Task Capture_FromAPurgedBinlog_FailsSayingSo_AndWhatToDo()
    {
        var db = Unique("purged");
        var source = environment.SourceOptions;
        await TableContent.ExecuteAsync(source, $"CREATE DATABASE {db}; CREATE TABLE {db}.t (i INT); INSERT INTO {db}.t VALUES (1)");
        var store = await environment.CreateStoreAsync();
        var full = await new SnapshotDumper(store).DumpAsync(source, "full", new SnapshotDumpOptions { Databases = [db], IncludeUsers = false }, CancellationToken.None);
        await TableContent.ExecuteAsync(source, $"INSERT INTO {db}.t VALUES (2); FLUSH BINARY LOGS");
        var current = (await TableContent.RowsAsync(source, "SHOW MASTER STATUS"))[0].Split('|')[0];
        var currentName = System.Text.Encoding.UTF8.GetString(Convert.FromHexString(current));

        // MariaDB skips (with a warning only) a file whose transactions the engine has not checkpointed yet: purge until it is gone.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await TableContent.RowsAsync(source, "SHOW BINARY LOGS")).Count > 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "The old binlog could not be purged.");
            await TableContent.ExecuteAsync(source, $"PURGE BINARY LOGS TO '{currentName}'");
            await Task.Delay(50);
        }

        var capture = new SegmentCapturer(store).CaptureAsync(source, "inc", "full", full.Position, new SegmentCaptureOptions(), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<SegmentCaptureException>(() => capture.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("purged", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Take a full backup", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<DateTimeOffset> NextSecondAsync(ServerConnection server)
    {
        // Wait (with a deadline) for the server's clock to enter a new second, so each batch has a second of its own.
        var start = Convert.ToInt64(await TableContent.ScalarAsync(server, "SELECT UNIX_TIMESTAMP()"), System.Globalization.CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var now = Convert.ToInt64(await TableContent.ScalarAsync(server, "SELECT UNIX_TIMESTAMP()"), System.Globalization.CultureInfo.InvariantCulture);
            if (now > start)
            {
                return DateTimeOffset.FromUnixTimeSeconds(now);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The server's clock did not advance.");
    }

    private static async Task<List<string>> HashesAsync(ServerConnection server, params string[] tables)
    {
        var hashes = new List<string>();
        foreach (var table in tables)
        {
            hashes.Add($"{table}={await TableContent.ChecksumAsync(server, table)}");
        }

        return hashes;
    }

    private static async Task<bool> ExistsAsync(ServerConnection server, string database, string table) =>
        Convert.ToInt64(await TableContent.ScalarAsync(server, $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{database}' AND table_name = '{table}'"), System.Globalization.CultureInfo.InvariantCulture) > 0;

    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..20];
}
