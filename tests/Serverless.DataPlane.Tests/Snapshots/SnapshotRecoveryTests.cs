using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

public sealed class SnapshotRecoveryTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    [Fact]
    public async Task Load_CorruptedChunk_FailsNamingSetAndChunk_AndLoadingAgainAfterRepairEndsCorrect()
    {
        var database = await CreateSourceAsync("corrupt");
        var store = await environment.CreateStoreAsync();
        await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "corrupt-set", Options(database), CancellationToken.None);

        var chunk = SnapshotFormat.ChunkArtifact(0, 2);
        var artifact = (await ArtifactSetReader.OpenAsync(store, "corrupt-set")).GetArtifact(chunk);
        var blob = store.Container.GetBlobClient(artifact.BlobName);
        var original = (await blob.DownloadContentAsync()).Value.Content.ToArray();

        var damaged = original.ToArray();
        for (var i = damaged.Length / 3; i < damaged.Length / 3 + 16; i++)
        {
            damaged[i] ^= 0x5A;
        }

        await blob.UploadAsync(BinaryData.FromBytes(damaged), overwrite: true);
        var error = await Assert.ThrowsAnyAsync<ArtifactException>(
            () => new SnapshotLoader(store).LoadAsync("corrupt-set", environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, CancellationToken.None));
        Assert.Equal("corrupt-set", error.SetId);
        Assert.Equal(chunk, error.ArtifactName);
        Assert.Contains("corrupt-set", error.Message, StringComparison.Ordinal);
        Assert.Contains(chunk, error.Message, StringComparison.Ordinal);

        // The failed load left the chunks it committed behind; once the blob is repaired, loading again continues from
        // them (with the index mode the first attempt chose) and ends correct.
        await blob.UploadAsync(BinaryData.FromBytes(original), overwrite: true);
        await new SnapshotLoader(store).LoadAsync(
            "corrupt-set", environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false, DeferSecondaryIndexes = false }, CancellationToken.None);
        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.t", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.t", "id"));
        var create = $"SHOW CREATE TABLE {database}.t";
        Assert.Equal(await TableContent.RowsAsync(environment.SourceOptions, create), await TableContent.RowsAsync(environment.TargetOptions, create));
    }

    [Fact]
    public async Task Load_Again_WhileTheEarlierAttemptsStatementStillRuns_AndItsDirectoryHasAStrayFile_EndsCorrect()
    {
        // What a host killed during a load leaves: its statement still running on the server (the server notices the
        // client is gone only when the statement ends), and files the server does not remove with DROP DATABASE.
        var database = await CreateSourceAsync("again");
        var store = await environment.CreateStoreAsync();
        await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "again-set", Options(database), CancellationToken.None);
        var load = new SnapshotLoadOptions { IncludeUsers = false };
        await new SnapshotLoader(store).LoadAsync("again-set", environment.TargetOptions, load, CancellationToken.None);

        var dataDirectory = (string)(await TableContent.ScalarAsync(environment.TargetOptions, "SELECT @@datadir"))!;
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, database, "stray.txt"), "left by an interrupted attempt");
        // One from the database itself, one naming it from no current database (as the control session's statements do).
        await using var earlier = await TableContent.OpenAsync(environment.TargetOptions, database);
        await using var earlierControl = await TableContent.OpenAsync(environment.TargetOptions);
        var running = new MySqlConnector.MySqlCommand("SELECT SLEEP(600) FROM t LIMIT 1", earlier).ExecuteScalarAsync();
        var runningControl = new MySqlConnector.MySqlCommand($"SELECT SLEEP(600) FROM `{database}`.t LIMIT 1", earlierControl).ExecuteScalarAsync();
        await WaitUntilAsync(async () => Convert.ToInt64(await TableContent.ScalarAsync(
            environment.TargetOptions, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(600)%'"), System.Globalization.CultureInfo.InvariantCulture) == 2);

        await new SnapshotLoader(store).LoadAsync("again-set", environment.TargetOptions, load, CancellationToken.None);

        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.t", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.t", "id"));
        Assert.Equal(
            await TableContent.RowsAsync(environment.SourceOptions, $"SHOW CREATE DATABASE {database}"),
            await TableContent.RowsAsync(environment.TargetOptions, $"SHOW CREATE DATABASE {database}"));
        await Assert.ThrowsAnyAsync<Exception>(() => running);
        await Assert.ThrowsAnyAsync<Exception>(() => runningControl);
    }

    /// <summary>
    /// A load that stops partway (here at a damaged chunk, deterministically; a killed host stops the same way, its
    /// uncommitted chunk rolled back) and runs again with the same load id loads only the chunks not yet committed: every
    /// chunk exactly once in all, the data equal to the source's, the deferred index added, and no progress left behind.
    /// Another load id starts over.
    /// </summary>
    [Fact]
    public async Task Load_InterruptedPartway_ResumesFromItsCommittedChunks_LoadingEveryChunkOnce()
    {
        var database = await CreateSourceAsync("resume");
        var store = await environment.CreateStoreAsync();
        await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "resume-set", Options(database), CancellationToken.None);
        // The dump plans its chunks from the server's row estimate (3000 rows in chunks of 500: six, or seven when the
        // estimate is a little over): take the count from the set, and damage the last chunk but one.
        var chunks = (await ArtifactSetReader.OpenAsync(store, "resume-set")).Manifest.Artifacts.Count(a => a.Name.StartsWith("tables/", StringComparison.Ordinal));
        Assert.InRange(chunks, 5, 8);
        var damagedIndex = chunks - 2;
        var damagedChunk = SnapshotFormat.ChunkArtifact(0, damagedIndex);
        var blob = store.Container.GetBlobClient((await ArtifactSetReader.OpenAsync(store, "resume-set")).GetArtifact(damagedChunk).BlobName);
        var original = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var damaged = original.ToArray();
        damaged[damaged.Length / 2] ^= 0x5A;
        await blob.UploadAsync(BinaryData.FromBytes(damaged), overwrite: true);

        // One connection loads the chunks in order: those before the damaged one commit, it fails its checksum and rolls back.
        var options = new SnapshotLoadOptions { IncludeUsers = false, Parallelism = 1, LoadId = "operation-1" };
        var before = await LoadStatementsAsync();
        await Assert.ThrowsAnyAsync<ArtifactException>(() => new SnapshotLoader(store).LoadAsync("resume-set", environment.TargetOptions, options, CancellationToken.None));
        var first = await LoadStatementsAsync() - before;
        Assert.Equal(damagedIndex + 1, first);
        string[] committed = [.. Enumerable.Range(0, damagedIndex).Select(i => $"operation-1/chunk/{SnapshotFormat.ChunkArtifact(0, i)}"), "operation-1/schema"];
        Assert.Equal(committed, (await TableContent.LoadProgressAsync(environment.TargetOptions)).Where(s => s.StartsWith("operation-1/", StringComparison.Ordinal)));
        var committedRows = Convert.ToInt64(await TableContent.ScalarAsync(environment.TargetOptions, "SELECT COALESCE(SUM(value), 0) FROM dbaas_load_progress.steps WHERE load_id = 'operation-1' AND step LIKE 'chunk/%'"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(committedRows, 1, 2999);
        Assert.Equal(committedRows, Convert.ToInt64(await TableContent.ScalarAsync(environment.TargetOptions, $"SELECT COUNT(*) FROM {database}.t"), System.Globalization.CultureInfo.InvariantCulture));

        await blob.UploadAsync(BinaryData.FromBytes(original), overwrite: true);
        before = await LoadStatementsAsync();
        await new SnapshotLoader(store).LoadAsync("resume-set", environment.TargetOptions, options, CancellationToken.None);
        var second = await LoadStatementsAsync() - before;

        Assert.Equal(chunks - damagedIndex, second);
        Assert.True(first + second <= chunks * 1.3, $"{first} + {second} LOAD DATA statements for {chunks} chunks.");
        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.t", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.t", "id"));
        var create = $"SHOW CREATE TABLE {database}.t";
        Assert.Equal(await TableContent.RowsAsync(environment.SourceOptions, create), await TableContent.RowsAsync(environment.TargetOptions, create));
        await TableContent.AssertNoLoadProgressAsync(environment.TargetOptions, "operation-1");

        // A load under another id (another restore) replaces the databases and loads every chunk.
        await TableContent.ExecuteAsync(environment.TargetOptions, $"INSERT INTO {database}.t (id, v) VALUES (-1, 'written after the restore')");
        before = await LoadStatementsAsync();
        await new SnapshotLoader(store).LoadAsync("resume-set", environment.TargetOptions, options with { LoadId = "operation-2" }, CancellationToken.None);
        Assert.Equal(chunks, await LoadStatementsAsync() - before);
        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.t", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.t", "id"));
    }

    // LOAD DATA statements the target has run (every chunk is one).
    private async Task<long> LoadStatementsAsync() => Convert.ToInt64(
        await TableContent.ScalarAsync(environment.TargetOptions, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_LOAD'"),
        System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Dump_OfAServerWhoseSqlModeQuotesWithAnsiQuotes_StillLoads_WithItsIndexesDeferred()
    {
        var database = await CreateSourceAsync("ansi");
        var store = await environment.CreateStoreAsync();
        var mode = (string)(await TableContent.ScalarAsync(environment.SourceOptions, "SELECT @@GLOBAL.sql_mode"))!;
        await TableContent.ExecuteAsync(environment.SourceOptions, "SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',ANSI_QUOTES,NO_BACKSLASH_ESCAPES')");
        try
        {
            // SHOW CREATE TABLE would quote with '"' under ANSI_QUOTES, which the loader's session cannot parse.
            await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "ansi-set", Options(database), CancellationToken.None);
        }
        finally
        {
            await TableContent.ExecuteAsync(environment.SourceOptions, $"SET GLOBAL sql_mode = '{mode}'");
        }

        await new SnapshotLoader(store).LoadAsync("ansi-set", environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, CancellationToken.None);
        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.t", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.t", "id"));
        var create = $"SHOW CREATE TABLE {database}.t";
        Assert.Equal(await TableContent.RowsAsync(environment.SourceOptions, create), await TableContent.RowsAsync(environment.TargetOptions, create));
    }

    [Fact]
    public async Task Dump_OnCompletedSet_ReturnsTheSameSummaryWithoutDumpingAgain()
    {
        var database = await CreateSourceAsync("again");
        var store = await environment.CreateStoreAsync();
        var first = await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "again-set", Options(database), CancellationToken.None);
        await TableContent.ExecuteAsync(environment.SourceOptions, $"INSERT INTO {database}.t (id, v) VALUES (-5, 'after the dump')");

        var second = await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "again-set", Options(database), CancellationToken.None);
        var read = await SnapshotSummary.TryReadAsync(store, "again-set", CancellationToken.None);

        foreach (var summary in new[] { second, read! })
        {
            Assert.Equal(first with { Databases = [] }, summary with { Databases = [] });
            Assert.Equal(first.Databases, summary.Databases);
        }

        Assert.Equal(3000, first.Rows);
        Assert.Null(await SnapshotSummary.TryReadAsync(store, "never-written", CancellationToken.None));
    }

    /// <summary>
    /// An ALTER TABLE on a table the dump has not read yet, run while it reads another one: the dump must fail saying a
    /// schema change ran (and be retried), never record rows of one definition under another, and leave no manifest.
    /// </summary>
    [Fact]
    public async Task Dump_WithAnAlterTableWhileItRuns_FailsSayingSo_AndRecordsNoSnapshot()
    {
        var database = await CreateSourceAsync("ddl");
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE TABLE {database}.big (id INT PRIMARY KEY, v VARCHAR(100));
            INSERT INTO {database}.big SELECT seq, REPEAT('x', 80) FROM {database}.seq_1_to_200000;
            ANALYZE TABLE {database}.big, {database}.t;
            """);
        var store = await environment.CreateStoreAsync();
        var altered = 0;
        var progress = new CallbackProgress(_ =>
        {
            // Once, while the single worker still reads the big table (read first: the largest goes first).
            if (Interlocked.Exchange(ref altered, 1) == 0)
            {
                TableContent.ExecuteAsync(environment.SourceOptions, $"ALTER TABLE {database}.t ADD COLUMN added INT NOT NULL DEFAULT 7").GetAwaiter().GetResult();
            }
        });
        var options = Options(database) with { Parallelism = 1, ChunkRows = 2000, Progress = progress };

        var error = await Assert.ThrowsAsync<SnapshotConsistencyException>(
            () => new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "ddl-set", options, CancellationToken.None));
        Assert.Equal(1, altered);
        Assert.Contains("schema change", error.Message, StringComparison.Ordinal);
        Assert.Null(await SnapshotSummary.TryReadAsync(store, "ddl-set", CancellationToken.None));

        // Once the change is done, the dump runs again and records the new definition with its rows.
        var summary = await new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "ddl-set", Options(database), CancellationToken.None);
        Assert.Equal(203000, summary.Rows);
    }

    /// <summary>
    /// Two deliveries of one dump step at once (the durable runtime's at-least-once delivery after a host kill): the
    /// second waits for the first under the source's lock and returns the set the first wrote, rather than writing the
    /// same set's blocks and manifest a second time under it.
    /// </summary>
    [Fact]
    public async Task Dump_DeliveredTwiceAtOnce_WritesTheSetOnce_AndBothReturnItsSummary()
    {
        var database = await CreateSourceAsync("twice");
        var store = await environment.CreateStoreAsync();
        var dumps = await Task.WhenAll(
            Task.Run(() => new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "twice-set", Options(database), CancellationToken.None)),
            Task.Run(() => new SnapshotDumper(store).DumpAsync(environment.SourceOptions, "twice-set", Options(database), CancellationToken.None)));

        Assert.Equal(dumps[0] with { Databases = [] }, dumps[1] with { Databases = [] });
        Assert.Equal(dumps[0].StartedAt, (await SnapshotSummary.TryReadAsync(store, "twice-set", CancellationToken.None))!.StartedAt);

        // Written once: the set's folder holds its manifest and the blobs it lists, and nothing a second writer left.
        var listed = (await ArtifactSetReader.OpenAsync(store, "twice-set")).Artifacts.Select(a => a.BlobName).Append("twice-set/manifest.json").Order(StringComparer.Ordinal).ToList();
        var stored = new List<string>();
        await foreach (var item in store.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "twice-set/" }))
        {
            stored.Add(item.Name);
        }

        Assert.Equal(listed, stored.Order(StringComparer.Ordinal));
        await new SnapshotLoader(store).LoadAsync("twice-set", environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, CancellationToken.None);
        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.t", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.t", "id"));
    }

    /// <summary>
    /// The dump reads rows synchronously, with no token to pass: cancelling must kill its query on the server, end the
    /// dump with a cancellation, and leave the set without a manifest.
    /// </summary>
    [Fact]
    public async Task Dump_CancelledWhileReadingRows_StopsItsQueryOnTheServer_AndLeavesTheSetIncomplete()
    {
        var database = $"cancel_{Guid.NewGuid():N}"[..20];
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(1000));
            INSERT INTO big SELECT seq, REPEAT(CHAR(65 + seq % 26), 1000) FROM {database}.seq_1_to_200000;
            """);
        var store = await environment.CreateStoreAsync();
        using var cancel = new CancellationTokenSource();

        // Progress is reported on the reading thread, mid-table (200 MB, far more than the network buffers hold), and
        // Cancel runs the dump's cancellation there and then: the kill has reached the server when it returns.
        var progress = new CancellingProgress(cancel);
        var kills = await KillsAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SnapshotDumper(store).DumpAsync(
            environment.SourceOptions,
            "cancelled-set",
            new SnapshotDumpOptions { Databases = [database], ChunkRows = 1_000_000, Parallelism = 1, IncludeUsers = false, Progress = progress },
            cancel.Token));

        Assert.True(progress.Reports > 0, "The dump ended before it reported progress; the test did not cancel it mid-read.");
        Assert.True(await KillsAsync() > kills, "The dump stopped without killing its query on the server.");
        Assert.Null(await SnapshotSummary.TryReadAsync(store, "cancelled-set", CancellationToken.None));
        WaitUntilNoQueryReads(database);
    }

    /// <summary>
    /// Two load sessions inserting into one EMPTY table, each in an open transaction, do not wait for each other. With
    /// unique_checks = 0 (and foreign_key_checks = 0) MariaDB 10.6+ would run the first as a bulk insert holding the
    /// table's exclusive lock: the second would wait for it (and two such starts could deadlock), and InnoDB's statistics
    /// task would spin on the table while the bulk insert runs. The second insert here must not wait at all; without the
    /// fix it times out after the session's lock wait.
    /// </summary>
    [Fact]
    public async Task LoadSessions_InsertingIntoOneEmptyTable_DoNotLockEachOther()
    {
        var database = $"empty_{Guid.NewGuid():N}"[..19];
        await TableContent.ExecuteAsync(environment.TargetOptions, $"CREATE DATABASE {database}; CREATE TABLE {database}.t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT)");
        try
        {
            var first = await SnapshotSession.OpenAsync(environment.TargetOptions, SnapshotSession.LoadSettings, CancellationToken.None);
            await using (first)
            {
                var second = await SnapshotSession.OpenAsync(environment.TargetOptions, SnapshotSession.LoadSettings, CancellationToken.None);
                await using (second)
                {
                    await SnapshotSession.ExecuteAsync(first, $"START TRANSACTION; INSERT INTO {database}.t VALUES (1, 1)", [], CancellationToken.None);

                    // Long enough that a loaded machine cannot make a free insert fail; a blocked one fails after it.
                    await SnapshotSession.ExecuteAsync(second, "SET SESSION innodb_lock_wait_timeout = 20", [], CancellationToken.None);
                    await SnapshotSession.ExecuteAsync(second, $"START TRANSACTION; INSERT INTO {database}.t VALUES (2, 2)", [], CancellationToken.None);
                    await SnapshotSession.ExecuteAsync(second, "COMMIT", [], CancellationToken.None);
                    await SnapshotSession.ExecuteAsync(first, "COMMIT", [], CancellationToken.None);
                }
            }

            Assert.Equal(2L, Convert.ToInt64(await TableContent.ScalarAsync(environment.TargetOptions, $"SELECT COUNT(*) FROM {database}.t"), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await TableContent.ExecuteAsync(environment.TargetOptions, $"DROP DATABASE {database}");
        }
    }

    private async Task<long> KillsAsync() => Convert.ToInt64(
        await TableContent.ScalarAsync(environment.SourceOptions, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_KILL'"),
        System.Globalization.CultureInfo.InvariantCulture);

    private void WaitUntilNoQueryReads(string database)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var sql = $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%{database}%' AND INFO NOT LIKE '%PROCESSLIST%'";
        while (Convert.ToInt64(TableContent.ScalarAsync(environment.SourceOptions, sql).GetAwaiter().GetResult(), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"A query on {database} still ran on the server 30 s after the dump was cancelled.");
            Thread.Sleep(50);
        }
    }

    private static SnapshotDumpOptions Options(string database) =>
        new() { Databases = [database], ChunkRows = 500, IncludeUsers = false };

    private async Task<string> CreateSourceAsync(string prefix)
    {
        var database = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100), KEY k_v (v));
            INSERT INTO t SELECT seq, CONCAT('value ', seq) FROM seq_1_to_3000;
            """);
        return database;
    }

    /// <summary>Runs a callback on each report, on the reporting thread.</summary>
    private sealed class CallbackProgress(Action<SnapshotProgress> onReport) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => onReport(value);
    }

    /// <summary>Cancels <paramref name="cancellation"/> on the first report, on the reporting thread.</summary>
    private sealed class CancellingProgress(CancellationTokenSource cancellation) : IProgress<SnapshotProgress>
    {
        private int _reports;

        public int Reports => _reports;

        public void Report(SnapshotProgress value)
        {
            if (Interlocked.Increment(ref _reports) == 1)
            {
                cancellation.Cancel();
            }
        }
    }
}
