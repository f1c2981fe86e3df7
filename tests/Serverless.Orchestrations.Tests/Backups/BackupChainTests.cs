using System.Globalization;
using MySqlConnector;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Platforms.Local;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Orchestrations.Tests.Backups;

/// <summary>
/// Backup chains end to end: full → incremental → incremental of a real server while a writer runs, restored from
/// every member and to a point in time through the orchestrations (Durable Task Framework on Azurite).
/// </summary>
public sealed class BackupChainTests(InstanceHarness harness, ITestOutputHelper output) : IClassFixture<InstanceHarness>
{
    private const string UserPassword = "s3cret-Pass-9kL4";

    [Fact]
    public async Task FullThenTwoIncrementals_WithAWriterAndDdl_RestoreEachMemberAndAPointInTime_Exactly()
    {
        const string project = "chains";
        var source = await CreateInstanceAsync(project, "chain-src");
        await using (var setup = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            await setup.ExecuteAsync("CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40) NOT NULL, amount DECIMAL(12,2), at DATETIME(6) NOT NULL, note TEXT)");
            await setup.ExecuteAsync("INSERT INTO orders (customer, amount, at, note) SELECT CONCAT('c', seq % 50), seq * 1.5, NOW(6), REPEAT('n', seq % 40) FROM seq_1_to_2000");
        }

        await using var writer = new Writer(source);
        var full = await BackupWhilePausedAsync(project, writer, new CreateBackupRequest("full", source.Id, null, Incremental: false, ParentId: null));

        // DDL inside the first segment, between the writer's rows.
        await using (var ddl = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            await ddl.ExecuteAsync("CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100))");
            await ddl.ExecuteAsync("INSERT INTO audit (what) VALUES ('created'), ('second')");
            await ddl.ExecuteAsync("ALTER TABLE orders ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new', ADD KEY by_customer (customer)");
            await ddl.ExecuteAsync("CREATE TABLE scratch (k INT PRIMARY KEY)");
        }

        await writer.WaitForWritesAsync(200);
        var inc1 = await BackupWhilePausedAsync(project, writer, new CreateBackupRequest("inc1", source.Id, null, Incremental: true, ParentId: null));
        Assert.Equal((full.Backup.Id, BackupKind.Incremental, full.Backup.Id), (inc1.Backup.ParentId, inc1.Backup.Kind, inc1.Backup.ChainId));

        // A moment while the writer is paused after inc1: a point-in-time restore to it must give inc1's data.
        var pointInTime = await NextSecondAsync();
        await NextSecondAsync();
        writer.Resume();

        await using (var ddl = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            await ddl.ExecuteAsync("DROP TABLE scratch");
            await ddl.ExecuteAsync("UPDATE audit SET what = 'changed' WHERE id = 1");
        }

        await writer.WaitForWritesAsync(200);
        var inc2 = await BackupWhilePausedAsync(project, writer, new CreateBackupRequest("inc2", source.Id, null, Incremental: false, ParentId: inc1.Backup.Id));
        writer.Resume();
        Assert.Equal(inc1.Backup.Id, inc2.Backup.ParentId);
        Assert.Equal(full.Backup.CoveredFrom, inc2.Backup.CoveredFrom);
        Assert.True(inc2.Backup.CoveredTo > inc1.Backup.CoveredTo);
        output.WriteLine($"full {full.Backup.SizeGigabytes} GB; inc1 {inc1.Backup.SizeGigabytes} GB {inc1.Backup.Rows} events; inc2 {inc2.Backup.SizeGigabytes} GB {inc2.Backup.Rows} events");

        foreach (var (member, name) in new[] { (full, "r-full"), (inc1, "r-inc1"), (inc2, "r-inc2") })
        {
            var restored = await RestoreAsync(project, new CreateInstanceRequest(name, "1", 2, null, null, [], []) { BackupId = member.Backup.Id });
            Assert.Equal(member.Checksums, await ChecksumsAsync(restored));
        }

        var atTime = await RestoreAsync(project, new CreateInstanceRequest("r-pitr", "1", 2, null, null, [], []) { BackupId = full.Backup.Id, RestoreTime = pointInTime });
        Assert.Equal(inc1.Checksums, await ChecksumsAsync(atTime));

        // A moment before the chain or after its end is refused, naming the range it covers.
        var early = await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync(
            project, new CreateInstanceRequest("too-early", "1", 2, null, null, [], []) { BackupId = inc2.Backup.Id, RestoreTime = full.Backup.CoveredFrom!.Value.AddMinutes(-5) }, CancellationToken.None));
        Assert.Contains("outside what backup", early.Message, StringComparison.Ordinal);
        Assert.Contains(inc2.Backup.CoveredTo!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), early.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync(
            project, new CreateInstanceRequest("too-late", "1", 2, null, null, [], []) { BackupId = full.Backup.Id, RestoreTime = DateTimeOffset.UtcNow.AddHours(1) }, CancellationToken.None));

        // A parent with children cannot be deleted.
        var refused = await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Backups.DeleteAsync(project, inc1.Backup.Id, CancellationToken.None));
        Assert.Contains(inc2.Backup.Id, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChainRestore_ReportsItsProgressWhileTheSegmentIsReplayed()
    {
        const string project = "chain-progress";
        var source = await CreateInstanceAsync(project, "progress-src");
        await using (var setup = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            await setup.ExecuteAsync("CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL, note VARCHAR(100)); INSERT INTO counters SELECT seq, 0, NULL FROM seq_1_to_100");
        }

        var full = await harness.Backups.CreateAsync(project, new CreateBackupRequest("p-full", source.Id, null, false, null), CancellationToken.None);
        await harness.WaitForBackupAsync(project, full.Id, BackupStatus.Completed);
        await harness.WaitForStatusAsync(project, source.Id, InstanceStatus.Active);

        // 10,000 one-row transactions: the replay costs a round trip and a commit each, so it lasts seconds.
        string expected;
        await using (var writer = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            for (var batch = 0; batch < 20; batch++)
            {
                await writer.ExecuteAsync(string.Concat(Enumerable.Range(batch * 500, 500).Select(i => string.Create(
                    CultureInfo.InvariantCulture, $"UPDATE counters SET n = n + 1, note = 'update {i}' WHERE id = {(i % 100) + 1};"))));
            }

            expected = await ChecksumsAsync(source);
        }

        var inc = await harness.Backups.CreateAsync(project, new CreateBackupRequest("p-inc", source.Id, null, true, null), CancellationToken.None);
        await harness.WaitForBackupAsync(project, inc.Id, BackupStatus.Completed);
        await harness.WaitForStatusAsync(project, source.Id, InstanceStatus.Active);

        var created = await harness.Instances.CreateAsync(project, new CreateInstanceRequest("progress-r", "1", 2, null, null, [], []) { BackupId = inc.Id }, CancellationToken.None);
        var operationId = created.OperationId!;

        // Every step and percent the operation shows while it runs; the replay must show at least two percents.
        var seen = new List<(string? Step, int Percent)>();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            var operation = await harness.Instances.GetOperationAsync(project, operationId, CancellationToken.None);
            if (seen.Count == 0 || seen[^1] != (operation.CurrentStep, operation.ProgressPercent))
            {
                seen.Add((operation.CurrentStep, operation.ProgressPercent));
            }

            if (operation.Status != OperationStatus.Running || seen.Where(s => s.Step == BackupSteps.ApplyBinlogStep).Select(s => s.Percent).Distinct().Count() >= 2)
            {
                break;
            }

            await Task.Delay(20);
        }

        output.WriteLine(string.Join(", ", seen.Select(s => $"{s.Step} {s.Percent}")));
        var replayPercents = seen.Where(s => s.Step == BackupSteps.ApplyBinlogStep).Select(s => s.Percent).ToList();
        Assert.True(replayPercents.Distinct().Count() >= 2, $"seen: {string.Join(", ", seen)}");
        Assert.True(replayPercents.All(p => p is > BackupSteps.LoadSnapshotStartPercent and < BackupSteps.LoadSnapshotEndPercent), $"seen: {string.Join(", ", seen)}");

        var restored = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4));
        Assert.Equal(expected, await ChecksumsAsync(restored));
    }

    [Fact]
    public async Task BadParents_AndAPurgedBinlog_FailClearly()
    {
        const string project = "chain-errors";
        var a = await CreateInstanceAsync(project, "a-db");
        var b = await CreateInstanceAsync(project, "b-db");
        var fullA = await harness.Backups.CreateAsync(project, new CreateBackupRequest("a-full", a.Id, null, false, null), CancellationToken.None);
        await harness.WaitForBackupAsync(project, fullA.Id, BackupStatus.Completed);
        await harness.WaitForStatusAsync(project, a.Id, InstanceStatus.Active);

        await Assert.ThrowsAsync<CatalogNotFoundException>(() =>
            harness.Backups.CreateAsync(project, new CreateBackupRequest("x", a.Id, null, true, Guid.NewGuid().ToString("D")), CancellationToken.None));
        var other = await Assert.ThrowsAsync<CatalogValidationException>(() =>
            harness.Backups.CreateAsync(project, new CreateBackupRequest("x", b.Id, null, false, fullA.Id), CancellationToken.None));
        Assert.Contains($"instance {a.Id}", other.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Active, (await harness.Instances.GetAsync(project, b.Id, CancellationToken.None)).Status);

        // An incremental backup with no earlier backup is a full one, as in Trove.
        var first = await harness.Backups.CreateAsync(project, new CreateBackupRequest("b-first", b.Id, null, true, null), CancellationToken.None);
        Assert.Equal((BackupKind.Full, (string?)null), (first.Kind, first.ParentId));
        await harness.WaitForBackupAsync(project, first.Id, BackupStatus.Completed);
        await harness.WaitForStatusAsync(project, b.Id, InstanceStatus.Active);

        // The binlog after a's full backup is purged: the incremental fails, says so, and the instance stays usable.
        var adminPassword = await harness.Secrets.GetAsync($"{a.Id}-admin", CancellationToken.None);
        await using (var admin = await InstanceHarness.ConnectAsync(a, MariaDbServer.AdminUserName, adminPassword!))
        {
            await admin.ExecuteAsync("CREATE DATABASE IF NOT EXISTS purgetest; CREATE TABLE purgetest.t (i INT); INSERT INTO purgetest.t VALUES (1)");
            await admin.ExecuteAsync("FLUSH BINARY LOGS");
            await using var status = new MySqlCommand("SHOW MASTER STATUS", admin);
            string file;
            await using (var reader = await status.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                file = reader.GetString(0);
            }

            output.WriteLine($"purging to {file}");
            // MariaDB skips (with a warning only) a file the engine has not checkpointed yet: purge until only the current one is left.
            await InstanceHarness.PollAsync(async () =>
            {
                await admin.ExecuteAsync($"PURGE BINARY LOGS TO '{file}'");
                await using var logs = new MySqlCommand("SHOW BINARY LOGS", admin);
                await using var reader = await logs.ExecuteReaderAsync();
                var count = 0;
                while (await reader.ReadAsync())
                {
                    count++;
                }

                return count == 1;
            });
        }

        var purged = await harness.Backups.CreateAsync(project, new CreateBackupRequest("a-inc", a.Id, null, true, null), CancellationToken.None);
        var failed = await harness.WaitForBackupAsync(project, purged.Id, BackupStatus.Failed);
        output.WriteLine(failed.Fault);
        Assert.Contains("purged", failed.Fault, StringComparison.Ordinal);
        Assert.Contains("Take a full backup", failed.Fault, StringComparison.Ordinal);
        await harness.WaitForStatusAsync(project, a.Id, InstanceStatus.Active);
    }

    private async Task<InstanceView> CreateInstanceAsync(string project, string name)
    {
        var created = await harness.Instances.CreateAsync(
            project, new CreateInstanceRequest(name, "1", 2, "mysql", "10.11", ["appdb"], [new CreateUserRequest("appuser", UserPassword, "%", ["appdb"])]), CancellationToken.None);
        return await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active);
    }

    private async Task<InstanceView> RestoreAsync(string project, CreateInstanceRequest request)
    {
        var created = await harness.Instances.CreateAsync(project, request, CancellationToken.None);
        var restored = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4));
        return restored;
    }

    /// <summary>Pauses the writer, records the checksums, takes the backup and waits for it; the writer stays paused.</summary>
    private async Task<(BackupView Backup, string Checksums)> BackupWhilePausedAsync(string project, Writer writer, CreateBackupRequest request)
    {
        await writer.PauseAsync();
        var instance = await harness.Instances.GetAsync(project, request.InstanceId, CancellationToken.None);
        var checksums = await ChecksumsAsync(instance);
        var backup = await harness.Backups.CreateAsync(project, request, CancellationToken.None);
        var completed = await harness.WaitForBackupAsync(project, backup.Id, BackupStatus.Completed);
        await harness.WaitForStatusAsync(project, request.InstanceId, InstanceStatus.Active);
        if (request.ParentId is null && !request.Incremental)
        {
            writer.Resume();
        }

        return (completed, checksums);
    }

    /// <summary>Every table of appdb with its row count and CHECKSUM TABLE EXTENDED, read as the admin.</summary>
    private async Task<string> ChecksumsAsync(InstanceView instance)
    {
        var password = await harness.Secrets.GetAsync($"{instance.Id}-admin", CancellationToken.None);
        await using var connection = await InstanceHarness.ConnectAsync(instance, MariaDbServer.AdminUserName, password!, "appdb");
        var tables = new List<string>();
        await using (var list = new MySqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'appdb' ORDER BY table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var parts = new List<string>();
        foreach (var table in tables)
        {
            var count = await connection.ExecuteScalarAsync($"SELECT COUNT(*) FROM `{table}`");
            await using var checksum = new MySqlCommand($"CHECKSUM TABLE `{table}` EXTENDED", connection);
            await using var reader = await checksum.ExecuteReaderAsync();
            await reader.ReadAsync();
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{table}:{count}:{reader.GetValue(1)}"));
        }

        return string.Join(" ", parts);
    }

    /// <summary>Waits for the wall clock to enter a new second and returns that second.</summary>
    private static async Task<DateTimeOffset> NextSecondAsync()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() == start)
        {
            await Task.Delay(10);
        }

        return DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    /// <summary>Inserts, updates and deletes orders in small transactions until disposed; can be paused between transactions.</summary>
    private sealed class Writer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Task _loop;
        private long _writes;

        public Writer(InstanceView instance) => _loop = RunAsync(instance);

        public async Task PauseAsync() => await _gate.WaitAsync();

        public void Resume() => _gate.Release();

        public async Task WaitForWritesAsync(long more)
        {
            var target = Interlocked.Read(ref _writes) + more;
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (Interlocked.Read(ref _writes) < target)
            {
                Assert.True(DateTime.UtcNow < deadline, "The writer made no progress.");
                Assert.False(_loop.IsFaulted, _loop.Exception?.ToString());
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
            _gate.Dispose();
        }

        private async Task RunAsync(InstanceView instance)
        {
            await Task.Yield();
            await using var connection = await InstanceHarness.ConnectAsync(instance, "appuser", UserPassword, "appdb");
            var random = new Random(13);
            while (!_stop.IsCancellationRequested)
            {
                await _gate.WaitAsync(_stop.Token);
                try
                {
                    var id = random.Next(1, 2000);
                    await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                        START TRANSACTION;
                        INSERT INTO orders (customer, amount, at, note) VALUES ('w{id % 7}', {id}.25, NOW(6), 'written');
                        UPDATE orders SET amount = amount + 1, note = CONCAT(IFNULL(note, ''), '+') WHERE id = {id};
                        DELETE FROM orders WHERE id = {random.Next(1, 4000)} AND customer LIKE 'w%';
                        COMMIT
                        """));
                    Interlocked.Increment(ref _writes);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
    }
}
