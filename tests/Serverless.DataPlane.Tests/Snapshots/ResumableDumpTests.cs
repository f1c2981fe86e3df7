using System.Globalization;
using System.Text.Json;
using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>
/// The resumable dump: chunks in snapshots of their own, in steps bounded by a time budget or cut off at any moment,
/// plus a catch-up binlog that a restore replays so that every table reaches the dump's end coordinates.
/// </summary>
public sealed class ResumableDumpTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    private static readonly string[] Tables = ["big", "small", "nokey", "composite"];

    private static SnapshotDumpOptions Options(string database, TimeSpan? budget) =>
        new() { Databases = [database], ChunkRows = 500, Parallelism = 2, IncludeUsers = false, StepBudget = budget };

    [Fact]
    public async Task StepsWithABudget_UnderWriteLoad_DumpEachChunkOnce_AndTheRestoreEqualsTheSourceAtTheEnd()
    {
        const string database = "resume_budget";
        await SourceWorkload.CreateSchemaAsync(environment.SourceOptions, database);
        var store = await environment.CreateStoreAsync();
        await using var load = new WriteLoad(environment, database);

        // A budget of zero: each step stores the chunks its workers start first, then returns "more to do".
        var steps = new List<ResumableDumpStep>();
        var dumper = new ResumableSnapshotDumper(store);
        while (steps.Count == 0 || !steps[^1].Completed)
        {
            Assert.True(steps.Count < 100, "The dump did not complete in 100 steps.");
            steps.Add(await dumper.DumpStepAsync(environment.SourceOptions, "budget", Options(database, TimeSpan.Zero), CancellationToken.None));
        }

        var during = await load.StopAsync();
        var planned = steps[0].ChunksPlanned;
        Assert.True(planned >= 10, $"Only {planned} chunks were planned; the test needs several steps.");
        Assert.True(steps.Count >= 4, $"The dump took {steps.Count} steps; a budget of zero should take one per chunk or two.");
        Assert.Equal(planned, steps.Sum(s => s.ChunksDumped));
        Assert.True(during >= 10, $"Only {during} transactions committed while the dump ran; the test did not exercise consistency.");

        await RestoreAndCompareAsync(store, "budget", database);
    }

    [Fact]
    public async Task StepCutOffMidway_LikeAKilledHost_ResumesFromItsStoredChunks_AndTheRestoreEqualsTheSource()
    {
        const string database = "resume_cut";
        await SourceWorkload.CreateSchemaAsync(environment.SourceOptions, database);
        var store = await environment.CreateStoreAsync();
        await using var load = new WriteLoad(environment, database);
        var dumper = new ResumableSnapshotDumper(store);

        // No budget: the step would dump everything, and is cut off once it has stored a few chunks.
        using var cut = new CancellationTokenSource();
        var first = dumper.DumpStepAsync(environment.SourceOptions, "cut", Options(database, budget: null), cut.Token);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await StoredChunksAsync(store, "cut") < 3)
        {
            Assert.True(DateTime.UtcNow < deadline && !first.IsCompleted, "The first step did not store 3 chunks within 2 minutes (or finished first).");
            await Task.Delay(20);
        }

        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var storedBefore = await StoredChunksAsync(store, "cut");

        var resumed = await dumper.DumpStepAsync(environment.SourceOptions, "cut", Options(database, budget: null), CancellationToken.None);
        var during = await load.StopAsync();
        Assert.True(resumed.Completed);

        // The resumed step dumps only what was not stored (a chunk the cut step was recording may have landed since).
        Assert.Equal(resumed.ChunksPlanned, resumed.ChunksStored);
        Assert.InRange(resumed.ChunksDumped, resumed.ChunksPlanned - storedBefore - 2, resumed.ChunksPlanned - storedBefore);

        // The work lost is what the cut step's two workers were reading: at most two chunks of the plan.
        Assert.True(storedBefore + 2 + resumed.ChunksDumped <= resumed.ChunksPlanned * 1.3, $"{storedBefore} stored before the cut, {resumed.ChunksDumped} after, of {resumed.ChunksPlanned}.");
        Assert.True(during >= 10, $"Only {during} transactions committed while the dump ran.");

        await RestoreAndCompareAsync(store, "cut", database);
    }

    [Fact]
    public async Task StepDeliveredTwiceAtOnce_EachChunkIsDumpedOnce_AndBothSeeTheSameSet()
    {
        const string database = "resume_twice";
        await SourceWorkload.CreateSchemaAsync(environment.SourceOptions, database);
        var store = await environment.CreateStoreAsync();
        var dumper = new ResumableSnapshotDumper(store);
        var dumped = 0;
        ResumableDumpStep[] pair;
        do
        {
            pair = await Task.WhenAll(
                dumper.DumpStepAsync(environment.SourceOptions, "twice", Options(database, TimeSpan.Zero), CancellationToken.None),
                dumper.DumpStepAsync(environment.SourceOptions, "twice", Options(database, TimeSpan.Zero), CancellationToken.None));
            dumped += pair.Sum(s => s.ChunksDumped);
        }
        while (!pair.All(s => s.Completed));

        var summary = pair[0].Summary!;

        // The chunks alone are no consistent state: loading them without the catch-up is refused, naming it.
        var refused = await Assert.ThrowsAsync<SnapshotLoadException>(() =>
            new SnapshotLoader(store).LoadAsync("twice", environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, CancellationToken.None));
        Assert.Contains("twice.catchup", refused.Message, StringComparison.Ordinal);

        Assert.Equal(summary.Position, pair[1].Summary!.Position);
        var manifest = (await ArtifactSetReader.OpenAsync(store, "twice", CancellationToken.None)).Manifest;
        var chunks = manifest.Artifacts.Count(a => a.Name.StartsWith("tables/", StringComparison.Ordinal));
        Assert.Equal(chunks, dumped);
        await RestoreAndCompareAsync(store, "twice", database);
    }

    [Fact]
    public async Task TableWithAnotherUniqueKey_IsReadInOneChunk_WhileATableKeyedOnlyByItsPrimaryKeyIsSplit()
    {
        const string database = "resume_unique";
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(40) NOT NULL, UNIQUE KEY by_email (email));
            CREATE TABLE plain (id INT PRIMARY KEY, email VARCHAR(40) NOT NULL, KEY by_email (email));
            INSERT INTO accounts SELECT seq, CONCAT('a', seq, '@example.com') FROM seq_1_to_3000;
            INSERT INTO plain SELECT seq, CONCAT('p', seq, '@example.com') FROM seq_1_to_3000;
            ANALYZE TABLE accounts, plain;
            """);
        var store = await environment.CreateStoreAsync();
        var step = await new ResumableSnapshotDumper(store).DumpStepAsync(environment.SourceOptions, "unique", Options(database, TimeSpan.Zero), CancellationToken.None);

        // A replayed write colliding on the e-mail with a row read later would overwrite that row: one chunk, replayed exactly.
        Assert.InRange(step.ChunksPlanned, 1 + 3, 1 + 20);
        var plan = await StoredPlanAsync(store, "unique");
        Assert.Equal(1, plan["accounts"]);
        Assert.True(plan["plain"] > 1, $"plain was planned in {plan["plain"]} chunk(s)");
    }

    [Fact]
    public async Task ForeignKeys_AreRefusedWhenTheDumpIsPlanned_BeforeAnythingIsWritten()
    {
        const string database = "resume_fk";
        await TableContent.ExecuteAsync(environment.SourceOptions, $"""
            CREATE DATABASE {database}; USE {database};
            CREATE TABLE parent (id INT PRIMARY KEY);
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, FOREIGN KEY (parent_id) REFERENCES parent (id));
            """);
        var store = await environment.CreateStoreAsync();
        var refused = await Assert.ThrowsAsync<ResumableDumpUnsupportedException>(() =>
            new ResumableSnapshotDumper(store).DumpStepAsync(environment.SourceOptions, "fk", Options(database, TimeSpan.Zero), CancellationToken.None));
        Assert.Contains("foreign keys", refused.Message, StringComparison.Ordinal);
        Assert.False(await store.Container.GetBlobClient("fk/dump.json").ExistsAsync());
    }

    [Fact]
    public async Task SchemaChangeBetweenChunks_FailsTheDumpSayingSo_AndRecordsNoSnapshot()
    {
        const string database = "resume_ddl";
        await SourceWorkload.CreateSchemaAsync(environment.SourceOptions, database);
        var store = await environment.CreateStoreAsync();
        var dumper = new ResumableSnapshotDumper(store);
        var step = await dumper.DumpStepAsync(environment.SourceOptions, "ddl", Options(database, TimeSpan.Zero), CancellationToken.None);
        Assert.False(step.Completed);

        await TableContent.ExecuteAsync(environment.SourceOptions, $"ALTER TABLE {database}.small ADD COLUMN extra INT NOT NULL DEFAULT 7");
        var failure = await Assert.ThrowsAsync<SegmentCaptureException>(async () =>
        {
            while (!(await dumper.DumpStepAsync(environment.SourceOptions, "ddl", Options(database, TimeSpan.Zero), CancellationToken.None)).Completed)
            {
            }
        });
        Assert.Contains("schema or account change", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE", failure.Message, StringComparison.Ordinal);
        Assert.Null(await SnapshotSummary.TryReadAsync(store, "ddl", CancellationToken.None));
    }

    [Fact]
    public async Task RestoreInterruptedDuringTheCatchup_ContinuesAfterItsLastCommittedGroup_ApplyingEachGroupOnce()
    {
        const string database = "resume_replay";
        await SourceWorkload.CreateSchemaAsync(environment.SourceOptions, database);
        var store = await environment.CreateStoreAsync();
        await using (var load = new WriteLoad(environment, database))
        {
            var dumper = new ResumableSnapshotDumper(store);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(await dumper.DumpStepAsync(environment.SourceOptions, "replay", Options(database, TimeSpan.Zero), CancellationToken.None)).Completed)
            {
                Assert.True(DateTime.UtcNow < deadline, "The dump did not complete within 2 minutes.");
            }

            Assert.True(await load.StopAsync() >= 10, "Too few transactions committed while the dump ran.");
        }

        var summary = (await SnapshotSummary.TryReadAsync(store, "replay", CancellationToken.None))!;
        var catchup = SegmentSummary.FromManifest((await ArtifactSetReader.OpenAsync(store, summary.CatchupSetId!, CancellationToken.None)).Manifest);
        Assert.True(catchup.Transactions >= 10, $"The catch-up holds only {catchup.Transactions} groups; the test needs several.");
        var target = environment.TargetOptions;
        var options = new SnapshotLoadOptions { IncludeUsers = false, LoadId = "replay-cut" };

        // The first run loads every chunk, then is interrupted halfway through the catch-up's events.
        using (var cut = new ReplayCut(catchup.Events / 2))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => new ChainRestorer(store) { CatchupProgress = cut }.RestoreAsync("replay", [], target, options, null, cut.Token));
            Assert.True(cut.Cut);
        }

        var committed = Convert.ToInt64(await TableContent.ScalarAsync(
            target, "SELECT transactions FROM dbaas_load_progress.replay WHERE load_id = 'replay-cut' AND replay = 'catchup'"), CultureInfo.InvariantCulture);
        Assert.InRange(committed, 1, catchup.Transactions - 1);

        // The second run loads nothing and commits only the groups the first did not: one COMMIT per group.
        var commitsBefore = await CommitsAsync(target);
        await new ChainRestorer(store).RestoreAsync("replay", [], target, options, null, CancellationToken.None);
        Assert.Equal(catchup.Transactions - committed, await CommitsAsync(target) - commitsBefore);
        Assert.Equal(0L, Convert.ToInt64(await TableContent.ScalarAsync(target, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'dbaas_load_progress'"), CultureInfo.InvariantCulture));
        await CompareAtEndAsync(summary, database);
    }

    /// <summary>
    /// Restores the set (chunks, then its catch-up), replays the source's binlog from the set's end coordinates on top,
    /// and compares every table with the source: equal only if the restore was exactly the source at that end.
    /// </summary>
    private async Task RestoreAndCompareAsync(ArtifactStore store, string setId, string database)
    {
        var summary = (await SnapshotSummary.TryReadAsync(store, setId, CancellationToken.None))!;
        Assert.NotNull(summary.CatchupSetId);
        Assert.Equal(Tables.Length, summary.TablePositions.Count);
        await new ChainRestorer(store).RestoreAsync(setId, [], environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, null, CancellationToken.None);
        await CompareAtEndAsync(summary, database);
    }

    /// <summary>
    /// Replays the source's binlog from the set's end coordinates on top of its restore, and compares every table with
    /// the source: equal only if the restore was exactly the source at that end.
    /// </summary>
    private async Task CompareAtEndAsync(SnapshotSummary summary, string database)
    {
        Assert.Equal("STRICT", await TableContent.ScalarAsync(environment.TargetOptions, "SELECT @@GLOBAL.slave_exec_mode"));
        await SourceWorkload.ReplayBinlogAsync(environment, summary.Position);
        foreach (var table in Tables)
        {
            var name = $"{database}.{table}";
            Assert.Equal(await TableContent.ChecksumAsync(environment.SourceOptions, name), await TableContent.ChecksumAsync(environment.TargetOptions, name));
        }
    }

    /// <summary>COMMIT statements the server ran since it started.</summary>
    private static async Task<long> CommitsAsync(ServerConnection server) => Convert.ToInt64(
        await TableContent.ScalarAsync(server, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_COMMIT'"), CultureInfo.InvariantCulture);

    /// <summary>Chunks planned per table (by name) in the dump's progress document.</summary>
    private static async Task<Dictionary<string, int>> StoredPlanAsync(ArtifactStore store, string setId)
    {
        using var document = JsonDocument.Parse((await store.Container.GetBlobClient($"{setId}/dump.json").DownloadContentAsync()).Value.Content.ToMemory());
        var names = document.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("index").GetInt32(), t => t.GetProperty("name").GetString()!);
        return document.RootElement.GetProperty("chunks").EnumerateArray()
            .GroupBy(c => names[c.GetProperty("table").GetInt32()])
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static async Task<int> StoredChunksAsync(ArtifactStore store, string setId)
    {
        var blob = store.Container.GetBlobClient($"{setId}/dump.json");
        if (!(await blob.ExistsAsync()).Value)
        {
            return 0;
        }

        using var document = JsonDocument.Parse((await blob.DownloadContentAsync()).Value.Content.ToMemory());
        return document.RootElement.GetProperty("chunks").EnumerateArray().Count(c => c.TryGetProperty("artifact", out var a) && a.ValueKind == JsonValueKind.Object);
    }

    /// <summary>Two writers on the source from construction until stopped; counts their commits.</summary>
    private sealed class WriteLoad : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly long[] _commits = new long[1];
        private readonly List<Task> _writers;

        public WriteLoad(SnapshotEnvironment environment, string database) =>
            _writers = [.. Enumerable.Range(0, 2).Select(i => Task.Run(() => SourceWorkload.WriteAsync(environment.SourceOptions, database, i, _commits, _stop.Token)))];

        /// <summary>Stops the writers; returns the transactions they committed.</summary>
        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_writers);
            return Interlocked.Read(ref _commits[0]);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }
    }
}
