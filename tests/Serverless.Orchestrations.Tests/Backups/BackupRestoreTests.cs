using System.Globalization;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit.Abstractions;
using Xunit;

namespace Serverless.Orchestrations.Tests.Backups;

/// <summary>
/// Backups and restores end to end: real MariaDB servers from the local platform, artifacts in Azurite, the
/// Durable Task Framework on Azurite. Every instance is a real server, so each test keeps to a few.
/// </summary>
public sealed class BackupRestoreTests(InstanceHarness harness, ITestOutputHelper output) : IClassFixture<InstanceHarness>
{
    private const string UserPassword = "s3cret-Pass-9kL4";

    private static CreateInstanceRequest Request(string name, int volume = 2) => new(
        name, "1", volume, DatastoreType: "mysql", DatastoreVersion: "10.11",
        Databases: ["appdb"],
        Users: [new CreateUserRequest("appuser", UserPassword, "%", ["appdb"])]);

    /// <summary>
    /// Delivers the restore's load step again, as the durable runtime may after a host kill, once the restored instance has
    /// taken a write: the delivery whose restore is recorded returns without touching the server; one whose record is lost
    /// (cleared here) is refused because its operation is over. The write survives both.
    /// </summary>
    private async Task AssertLateLoadDuplicatesDoNothingAsync(string project, InstanceView restored, string operationId, string backupId)
    {
        await using (var connection = await InstanceHarness.ConnectAsync(restored, "appuser", UserPassword, "appdb"))
        {
            await connection.ExecuteAsync("CREATE TABLE after_restore (id INT PRIMARY KEY); INSERT INTO after_restore VALUES (1)");
        }

        var load = new LoadSnapshotActivity(harness.Platform, harness.Secrets, harness.Catalog, harness.Artifacts, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var input = new LoadSnapshotInput(project, restored.Id, operationId, backupId);
        Assert.True(await load.RunAsync(null!, input));

        await CatalogDocuments.ChangeAsync(
            harness.Catalog, CatalogKeys.Operation(project, operationId), CatalogJsonContext.Default.OperationDocument, o => o with { Checkpoint = null }, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => load.RunAsync(null!, input));
        Assert.Contains("late duplicate", refused.Message, StringComparison.Ordinal);

        await using (var connection = await InstanceHarness.ConnectAsync(restored, "appuser", UserPassword, "appdb"))
        {
            Assert.Equal(1L, Convert.ToInt64(await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM after_restore"), CultureInfo.InvariantCulture));
            await connection.ExecuteAsync("DROP TABLE after_restore");
        }
    }

    private static CreateInstanceRequest RestoreRequest(string name, string backupId) =>
        new(name, "1", 2, DatastoreType: null, DatastoreVersion: null, Databases: [], Users: []) { BackupId = backupId };

    [Fact]
    public async Task Backup_Completes_WithRowsAndSize_WhileTheInstanceShowsBackup_AndRestoresIdenticalData_AndDeleteRemovesItsArtifacts()
    {
        const string project = "backups";
        var source = await CreateInstanceWithDataAsync(project, "source-db", rows: 5_000);
        var fingerprint = await FingerprintAsync(source);

        var backup = await harness.Backups.CreateAsync(project, new CreateBackupRequest("nightly", source.Id, "before the upgrade", Incremental: false, ParentId: null), CancellationToken.None);

        Assert.Equal(BackupStatus.New, backup.Status);
        Assert.Equal(("mysql", "10.11"), (backup.Datastore, backup.DatastoreVersion));
        Assert.Equal("before the upgrade", backup.Description);
        Assert.NotNull(backup.OperationId);
        Assert.Equal(InstanceStatus.Backup, (await harness.Instances.GetAsync(project, source.Id, CancellationToken.None)).Status);
        var busy = await Assert.ThrowsAsync<InstanceBusyException>(() =>
            harness.Backups.CreateAsync(project, new CreateBackupRequest("second", source.Id, null, false, null), CancellationToken.None));
        Assert.Equal(InstanceStatus.Backup, busy.Status);
        await Assert.ThrowsAsync<InstanceBusyException>(() => harness.Instances.RestartAsync(project, source.Id, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Backups.DeleteAsync(project, backup.Id, CancellationToken.None));

        var completed = await harness.WaitForBackupAsync(project, backup.Id, BackupStatus.Completed);
        output.WriteLine($"backup: {completed.Rows} rows, {completed.DataBytes} data bytes, {completed.SizeGigabytes} GB stored");
        Assert.Equal(5_300, completed.Rows);
        Assert.True(completed.DataBytes > 0);
        Assert.True(completed.SizeGigabytes > 0);
        Assert.Equal($"backups/{backup.Id}", completed.LocationRef);
        Assert.Equal(100, completed.ProgressPercent);
        Assert.Null(completed.Fault);
        var afterBackup = await harness.WaitForStatusAsync(project, source.Id, InstanceStatus.Active);
        Assert.Equal(backup.OperationId, afterBackup.OperationId);
        var operation = await harness.WaitForOperationAsync(project, backup.OperationId!);
        Assert.Equal((OperationKind.Backup, OperationStatus.Completed, 100), (operation.Kind, operation.Status, operation.ProgressPercent));
        Assert.Equal([backup.Id], (await harness.Backups.ListAsync(project, source.Id, CancellationToken.None)).Select(b => b.Id));
        Assert.Contains(await harness.Backups.ListAsync(project, null, CancellationToken.None), b => b.Id == backup.Id);
        Assert.Empty(await harness.Backups.ListAsync("intruder", null, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Backups.GetAsync("intruder", backup.Id, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.CreateAsync("intruder", RestoreRequest("stolen", backup.Id), CancellationToken.None));

        var restored = await harness.Instances.CreateAsync(project, RestoreRequest("restored-db", backup.Id), CancellationToken.None);
        Assert.Equal(("mysql", "10.11"), (restored.DatastoreType, restored.DatastoreVersion));
        var restoredActive = await harness.WaitForStatusAsync(project, restored.Id, InstanceStatus.Active);
        var restoreOperation = await harness.WaitForOperationAsync(project, restored.OperationId!);
        Assert.Equal((OperationKind.Create, OperationStatus.Completed), (restoreOperation.Kind, restoreOperation.Status));
        Assert.Equal(fingerprint, await FingerprintAsync(restoredActive));
        await AssertLateLoadDuplicatesDoNothingAsync(project, restoredActive, restored.OperationId!, backup.Id);

        var sourceAdmin = await harness.Secrets.GetAsync($"{source.Id}-admin", CancellationToken.None);
        var restoredAdmin = await harness.Secrets.GetAsync($"{restored.Id}-admin", CancellationToken.None);
        await harness.AssertNoDocumentHoldsAsync(UserPassword, sourceAdmin!, restoredAdmin!);

        // Deleting the instance keeps its backups, as Trove does.
        await harness.Instances.DeleteAsync(project, source.Id, CancellationToken.None);
        await harness.WaitUntilGoneAsync(project, source.Id);
        Assert.Equal(BackupStatus.Completed, (await harness.Backups.GetAsync(project, backup.Id, CancellationToken.None)).Status);

        Assert.NotEmpty(await BlobsAsync($"{backup.Id}/"));
        await harness.Backups.DeleteAsync(project, backup.Id, CancellationToken.None);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Backups.GetAsync(project, backup.Id, CancellationToken.None));
        Assert.DoesNotContain(await harness.Backups.ListAsync(project, null, CancellationToken.None), b => b.Id == backup.Id);
        await InstanceHarness.PollAsync(async () => await harness.Catalog.GetAsync(CatalogKeys.Backup(project, backup.Id)) is null);
        Assert.Empty(await BlobsAsync($"{backup.Id}/"));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.CreateAsync(project, RestoreRequest("too-late", backup.Id), CancellationToken.None));
    }

    [Fact]
    public async Task ResumableBackup_InStepsOfAZeroBudget_RestoresIdenticalData_AndDeleteRemovesItsCatchup()
    {
        const string project = "resumable";
        var source = await CreateInstanceWithDataAsync(project, "stepped-db", rows: 3_000);
        await using (var connection = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            // More tables, more chunks: with a budget of zero each step stores one or two of them.
            foreach (var table in new[] { "extra_a", "extra_b", "extra_c" })
            {
                await connection.ExecuteAsync($"CREATE TABLE {table} (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO {table} SELECT seq, CONCAT('{table}-', seq) FROM seq_1_to_100");
            }
        }

        var fingerprint = await FingerprintAsync(source);
        var options = new ControlPlaneOptions { Storage = new() { ConnectionString = harness.ConnectionString }, ResumableBackups = true, DumpStepBudget = TimeSpan.Zero };
        using var stepped = await InstanceHarness.StartHostAsync(harness.ConnectionString, "resumable", harness.Platform, harness.Secrets, services => services.AddSingleton(options));

        // The test holds the dump's server lock whenever no step does, and keeps it once a step has stored chunks: the
        // next step then waits, and the custom status it was scheduled with shows the chunks stored of those planned.
        const string backupId = "stepped-counted";
        var dumpLock = $"SELECT GET_LOCK('serverless-dump:{backupId}', 120)";
        await using var holder = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb");
        Assert.Equal(1L, Convert.ToInt64(await holder.ExecuteScalarAsync(dumpLock), CultureInfo.InvariantCulture));
        var backup = await stepped.Services.GetRequiredService<BackupService>().CreateAsync(
            project, new CreateBackupRequest("stepped", source.Id, null, Incremental: false, ParentId: null) { BackupId = backupId }, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await BlobsAsync($"{backupId}/tables/")).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No dump step stored a chunk within 2 minutes.");
            await Task.Delay(50);

            // Let a waiting step run, and wait for it to end: the lock comes back before a next step is even scheduled.
            await holder.ExecuteAsync($"DO RELEASE_LOCK('serverless-dump:{backupId}')");
            Assert.Equal(1L, Convert.ToInt64(await holder.ExecuteScalarAsync(dumpLock), CultureInfo.InvariantCulture));
        }

        var orchestrationId = (await harness.Catalog.GetAsync(CatalogKeys.Operation(project, backup.OperationId!), CatalogJsonContext.Default.OperationDocument, CancellationToken.None))!.Value.OrchestrationId;
        var client = stepped.Services.GetRequiredService<DurableTaskClient>();
        OperationProgress? counted = null;
        await InstanceHarness.PollAsync(async () =>
        {
            counted = (await client.GetInstanceAsync(orchestrationId, getInputsAndOutputs: true))?.ReadCustomStatusAs<OperationProgress>();
            return counted?.Total is not null;
        });
        Assert.Equal(BackupSteps.DumpSnapshotStep, counted!.Step);
        Assert.Equal("chunks", counted.Unit);
        Assert.InRange(counted.Done!.Value, 1, counted.Total!.Value - 1);
        await holder.ExecuteAsync($"DO RELEASE_LOCK('serverless-dump:{backupId}')");

        var completed = await harness.WaitForBackupAsync(project, backup.Id, BackupStatus.Completed);
        await harness.WaitForStatusAsync(project, source.Id, InstanceStatus.Active);
        await stepped.StopAsync();
        Assert.Equal(3_600, completed.Rows);
        Assert.Equal(100, completed.ProgressPercent);

        // A resumable dump's set: its progress document beside the chunks, and its catch-up binlog as a set of its own.
        Assert.Contains($"{backup.Id}/dump.json", await BlobsAsync($"{backup.Id}/"));
        Assert.NotEmpty(await BlobsAsync($"{backup.Id}.catchup/"));

        // The first host (dumping in one snapshot) restores it.
        var restored = await harness.Instances.CreateAsync(project, RestoreRequest("from-stepped", backup.Id), CancellationToken.None);
        var restoredActive = await harness.WaitForStatusAsync(project, restored.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4));
        Assert.Equal(fingerprint, await FingerprintAsync(restoredActive));

        await harness.Backups.DeleteAsync(project, backup.Id, CancellationToken.None);
        await InstanceHarness.PollAsync(async () => await harness.Catalog.GetAsync(CatalogKeys.Backup(project, backup.Id)) is null);
        Assert.Empty(await BlobsAsync($"{backup.Id}/"));
        Assert.Empty(await BlobsAsync($"{backup.Id}.catchup/"));
    }

    [Fact]
    public async Task Restore_FromABackupWithACorruptedChunk_LeavesTheInstanceInError_NamingTheBackupAndTheChunk()
    {
        const string project = "corruption";
        var source = await CreateInstanceWithDataAsync(project, "fragile-db", rows: 500);
        var backup = await harness.Backups.CreateAsync(project, new CreateBackupRequest("weekly", source.Id, null, false, null), CancellationToken.None);
        await harness.WaitForBackupAsync(project, backup.Id, BackupStatus.Completed);
        var chunk = (await BlobsAsync($"{backup.Id}/tables/")).First();
        var blob = harness.Artifacts.Container.GetBlobClient(chunk);
        var damaged = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        damaged[damaged.Length / 2] ^= 0xFF;
        await blob.UploadAsync(BinaryData.FromBytes(damaged), overwrite: true);

        var restored = await harness.Instances.CreateAsync(project, RestoreRequest("from-damaged", backup.Id), CancellationToken.None);

        var failed = await harness.WaitForStatusAsync(project, restored.Id, InstanceStatus.Error);
        output.WriteLine(failed.Fault);
        Assert.Contains("load-backup", failed.Fault, StringComparison.Ordinal);
        Assert.Contains($"Backup {backup.Id}", failed.Fault, StringComparison.Ordinal);
        Assert.Contains("tables/", failed.Fault, StringComparison.Ordinal);
        Assert.Contains("failed verification", failed.Fault, StringComparison.Ordinal);
        var operation = await harness.WaitForOperationAsync(project, restored.OperationId!);
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Equal(failed.Fault, operation.Error);
        Assert.Equal(InstanceStatus.Active, (await harness.Instances.GetAsync(project, source.Id, CancellationToken.None)).Status);
    }

    private async Task<InstanceView> CreateInstanceWithDataAsync(string project, string name, int rows)
    {
        var created = await harness.Instances.CreateAsync(project, Request(name), CancellationToken.None);
        var active = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active);
        await using var connection = await InstanceHarness.ConnectAsync(active, "appuser", UserPassword, "appdb");
        await connection.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2), note TEXT NULL, KEY by_name (name))");
        await connection.ExecuteAsync("CREATE TABLE events (at DATETIME(6) NOT NULL, payload VARBINARY(64))");
        for (var start = 1; start <= rows; start += 1_000)
        {
            var values = Enumerable.Range(start, Math.Min(1_000, rows - start + 1))
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, 'item-{i}', {i * 1.25m}, {(i % 7 == 0 ? "NULL" : "'tab\\there, \\'quoted\\''")})"));
            await connection.ExecuteAsync($"INSERT INTO items VALUES {string.Join(", ", values)}");
        }

        var events = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"('2026-01-01 00:00:00' + INTERVAL {i} SECOND, UNHEX('{i:X4}00FF'))"));
        await connection.ExecuteAsync($"INSERT INTO events VALUES {string.Join(", ", events)}");
        return active;
    }

    /// <summary>Row counts and a checksum of every value of both tables, read as the application user.</summary>
    private static async Task<string> FingerprintAsync(InstanceView instance)
    {
        await using var connection = await InstanceHarness.ConnectAsync(instance, "appuser", UserPassword, "appdb");
        var items = await connection.ExecuteScalarAsync("SELECT CONCAT(COUNT(*), ':', SUM(CRC32(CONCAT_WS('|', id, name, amount, IFNULL(note, '~'))))) FROM items");
        var events = await connection.ExecuteScalarAsync("SELECT CONCAT(COUNT(*), ':', SUM(CRC32(CONCAT_WS('|', at, HEX(payload))))) FROM events");
        return $"{items}/{events}";
    }

    private async Task<List<string>> BlobsAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in harness.Artifacts.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
