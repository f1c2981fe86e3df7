using Microsoft.Extensions.DependencyInjection;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Accounts;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Orchestrations.Tests.Backups;

/// <summary>
/// The checks and bookkeeping of backups that need no database server: requests refused up front, deletes refused
/// while other backups depend on one, and a backup that fails leaving its instance usable. Backups and instances
/// are written into the catalog directly where a real one would take a server.
/// </summary>
public sealed class BackupCatalogTests(InstanceHarness harness) : IClassFixture<InstanceHarness>
{
    private static readonly DateTimeOffset Earlier = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(BackupStatus.New)]
    [InlineData(BackupStatus.Building)]
    [InlineData(BackupStatus.Failed)]
    [InlineData(BackupStatus.DeleteFailed)]
    public async Task Restore_FromABackupThatIsNotCompleted_IsAConflict_AndCreatesNothing(string status)
    {
        var project = $"restore-{status.ToLowerInvariant().Replace('_', '-')}";
        var backup = await InjectBackupAsync(project, status);

        var error = await Assert.ThrowsAsync<CatalogConflictException>(() =>
            harness.Instances.CreateAsync(project, Restore("copy", backup.Id), CancellationToken.None));

        Assert.Equal($"Backup {backup.Id} is not COMPLETED (status was {status}): only a completed backup can be restored; wait for it to complete or choose another.", error.Message);
        Assert.Empty(await harness.Instances.ListAsync(project, CancellationToken.None));
    }

    [Fact]
    public async Task Restore_FromAnUnknownBackup_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<CatalogNotFoundException>(() =>
            harness.Instances.CreateAsync("restore-unknown", Restore("copy", Guid.NewGuid().ToString()), CancellationToken.None));
        Assert.Equal("Backup", error.Kind);
    }

    [Fact]
    public async Task Restore_TooBigForTheVolume_IsRejectedUpFront_NamingBothSizes_AndCreatesNothing()
    {
        const string project = "restore-big";
        var backup = await InjectBackupAsync(project, BackupStatus.Completed, dataBytes: 10L << 30);

        var error = await Assert.ThrowsAsync<CatalogValidationException>(() =>
            harness.Instances.CreateAsync(project, Restore("copy", backup.Id, volume: 5), CancellationToken.None));

        Assert.Equal(
            $"Backup {backup.Id} holds 10 GB of data and needs a volume of at least 11 GB, but the requested volume is 5 GB: request a volume of 11 GB or more.",
            error.Message);
        Assert.Empty(await harness.Instances.ListAsync(project, CancellationToken.None));
        Assert.Empty(await KeysAsync($"projects/{project}/instance"));
        Assert.Empty(await KeysAsync($"projects/{project}/operations/"));
    }

    [Fact]
    public async Task Restore_TakesTheBackupsDatastoreVersion_AndRefusesAnUnknownOne()
    {
        const string project = "restore-version";
        var backup = await InjectBackupAsync(project, BackupStatus.Completed, datastoreVersion: "5.7");

        var error = await Assert.ThrowsAsync<CatalogNotFoundException>(() =>
            harness.Instances.CreateAsync(project, Restore("copy", backup.Id), CancellationToken.None));

        Assert.Equal("Datastore version", error.Kind);
        Assert.Contains("5.7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_ToAnotherDatastoreVersionThanTheBackups_IsRejectedUpFront()
    {
        const string project = "restore-other-version";
        var backup = await InjectBackupAsync(project, BackupStatus.Completed, datastoreVersion: "5.7");

        var error = await Assert.ThrowsAsync<CatalogValidationException>(() =>
            harness.Instances.CreateAsync(project, Restore("copy", backup.Id) with { DatastoreType = "mysql", DatastoreVersion = "10.11" }, CancellationToken.None));

        Assert.Equal(
            $"Backup {backup.Id} was taken from mysql 5.7 and can only be restored to that datastore and version, not mysql 10.11: leave the datastore out of the request or name the backup's.",
            error.Message);
        Assert.Empty(await harness.Instances.ListAsync(project, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_OfABackupOthersDependOn_IsRefused_NamingThem()
    {
        const string project = "delete-dependents";
        var parent = await InjectBackupAsync(project, BackupStatus.Completed);
        var child = await InjectBackupAsync(project, BackupStatus.Completed, parentId: parent.Id);
        var grandchild = await InjectBackupAsync(project, BackupStatus.Failed, parentId: parent.Id);

        var error = await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Backups.DeleteAsync(project, parent.Id, CancellationToken.None));

        Assert.Contains(child.Id, error.Message, StringComparison.Ordinal);
        Assert.Contains(grandchild.Id, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Backup {parent.Id} cannot be deleted", error.Message, StringComparison.Ordinal);
        Assert.Equal(BackupStatus.Completed, (await harness.Backups.GetAsync(project, parent.Id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Delete_OfABackupARestoreReads_IsRefused_NamingTheInstance_UntilTheRestoreEnds()
    {
        const string project = "delete-restoring";
        var full = await InjectBackupAsync(project, BackupStatus.Completed);
        var segment = await InjectBackupAsync(project, BackupStatus.Completed, parentId: full.Id);
        var other = await InjectBackupAsync(project, BackupStatus.Completed);
        var restoring = await InjectInstanceAsync(project, InstanceStatus.Build, restoresFrom: [full.Id, segment.Id]);

        var error = await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Backups.DeleteAsync(project, segment.Id, CancellationToken.None));

        Assert.Equal($"Backup {segment.Id} cannot be deleted: instance {restoring.Id} ({restoring.Name}) is being restored from it. Wait until the restore ends.", error.Message);
        Assert.Equal(BackupStatus.Completed, (await harness.Backups.GetAsync(project, segment.Id, CancellationToken.None)).Status);

        // A backup the restore does not read goes; once the restore has ended, so does the one it read.
        await harness.Backups.DeleteAsync(project, other.Id, CancellationToken.None);
        await harness.Catalog.ReplaceAsync(
            CatalogKeys.Instance(project, restoring.Id),
            new InstanceDocument(restoring with { Status = InstanceStatus.Active }, $"{restoring.Id}-admin", [], []) { RestoresFrom = [full.Id, segment.Id] },
            (await harness.Catalog.GetAsync(CatalogKeys.Instance(project, restoring.Id), CatalogJsonContext.Default.InstanceDocument))!.ETag,
            CatalogJsonContext.Default.InstanceDocument);
        await harness.Backups.DeleteAsync(project, segment.Id, CancellationToken.None);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Backups.GetAsync(project, segment.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData(BackupStatus.New)]
    [InlineData(BackupStatus.Building)]
    public async Task Delete_WhileTheBackupIsBeingCreated_IsRefused(string status)
    {
        var project = $"delete-{status.ToLowerInvariant()}";
        var backup = await InjectBackupAsync(project, status);

        var error = await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Backups.DeleteAsync(project, backup.Id, CancellationToken.None));

        Assert.Contains($"status {status}", error.Message, StringComparison.Ordinal);
        Assert.Equal(status, (await harness.Backups.GetAsync(project, backup.Id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Delete_OfAFailedBackupWithoutArtifacts_RemovesIt_AndAnUnknownOneIsNotFound()
    {
        const string project = "delete-failed";
        var backup = await InjectBackupAsync(project, BackupStatus.Failed);

        await harness.Backups.DeleteAsync(project, backup.Id, CancellationToken.None);

        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Backups.GetAsync(project, backup.Id, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Backups.DeleteAsync(project, backup.Id, CancellationToken.None));
        await InstanceHarness.PollAsync(async () => (await KeysAsync($"projects/{project}/backups/")).Count == 0);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Backups.DeleteAsync(project, "no-such-backup", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_WhenTheArtifactsCannotBeDeleted_ShowsTheBackupAgainAsDeleteFailed_AndItCanBeDeletedAgain()
    {
        // A host whose artifact store is unreachable (nothing listens on port 1), over the harness's catalog.
        var unreachable = BlobServiceClientFactory.Create(
            new StorageAccountOptions { ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1" },
            configure: options => options.Retry.MaxRetries = 0);
        using var host = await InstanceHarness.StartHostAsync(
            harness.ConnectionString, "unreachable", harness.Platform, harness.Secrets,
            services => services.AddSingleton(new ArtifactStore(unreachable.GetBlobContainerClient("backups"))));
        var backups = host.Services.GetRequiredService<BackupService>();
        const string project = "delete-fails";
        var backup = await InjectBackupAsync(project, BackupStatus.Completed);

        await backups.DeleteAsync(project, backup.Id, CancellationToken.None);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => backups.GetAsync(project, backup.Id, CancellationToken.None));
        await InstanceHarness.PollAsync(async () => (await backups.ListAsync(project, null, CancellationToken.None)).Count == 1);
        var failed = await backups.GetAsync(project, backup.Id, CancellationToken.None);

        Assert.Equal(BackupStatus.DeleteFailed, failed.Status);
        Assert.StartsWith("The delete-artifacts step of deleting the backup failed: ", failed.Fault, StringComparison.Ordinal);
        Assert.EndsWith("Delete the backup again to retry.", failed.Fault, StringComparison.Ordinal);
        Assert.Equal(backup.LocationRef, failed.LocationRef);
        await backups.DeleteAsync(project, backup.Id, CancellationToken.None);
        Assert.Empty(await backups.ListAsync(project, null, CancellationToken.None));
    }

    [Fact]
    public async Task List_IsOrderedByCreation_AndFiltersByInstance()
    {
        const string project = "list";
        var later = await InjectBackupAsync(project, BackupStatus.Completed, created: Earlier.AddHours(1), instanceId: "instance-b");
        var first = await InjectBackupAsync(project, BackupStatus.Completed, created: Earlier, instanceId: "instance-a");

        Assert.Equal([first.Id, later.Id], (await harness.Backups.ListAsync(project, null, CancellationToken.None)).Select(b => b.Id));
        Assert.Equal([later.Id], (await harness.Backups.ListAsync(project, "instance-b", CancellationToken.None)).Select(b => b.Id));
        Assert.Empty(await harness.Backups.ListAsync(project, "instance-c", CancellationToken.None));
    }

    [Fact]
    public async Task Create_RefusesUnknownParents_BadNames_AndUnknownOrForeignInstances()
    {
        const string project = "create-checks";
        var instance = await InjectInstanceAsync(project, InstanceStatus.Active);

        var parent = await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Backups.CreateAsync(
            project, new CreateBackupRequest("child", instance.Id, null, Incremental: false, ParentId: Guid.NewGuid().ToString()), CancellationToken.None));
        Assert.Equal("Backup", parent.Kind);

        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Backups.CreateAsync(project, new CreateBackupRequest(" ", instance.Id, null, false, null), CancellationToken.None));
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Backups.CreateAsync(project, new CreateBackupRequest("a\nb", instance.Id, null, false, null), CancellationToken.None));
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Backups.CreateAsync(project, new CreateBackupRequest("n", instance.Id, new string('d', 513), false, null), CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<CatalogNotFoundException>(() =>
            harness.Backups.CreateAsync(project, new CreateBackupRequest("n", Guid.NewGuid().ToString(), null, false, null), CancellationToken.None));
        Assert.Equal("Instance", unknown.Kind);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() =>
            harness.Backups.CreateAsync("intruder", new CreateBackupRequest("n", instance.Id, null, false, null), CancellationToken.None));
        Assert.Empty(await harness.Backups.ListAsync(project, null, CancellationToken.None));
        Assert.Equal(InstanceStatus.Active, (await harness.Instances.GetAsync(project, instance.Id, CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData(InstanceStatus.Build)]
    [InlineData(InstanceStatus.Reboot)]
    [InlineData(InstanceStatus.Error)]
    public async Task Create_OfAnInstanceThatIsNotActive_IsRefusedAsBusy(string status)
    {
        var project = $"busy-{status.ToLowerInvariant()}";
        var instance = await InjectInstanceAsync(project, status);

        var error = await Assert.ThrowsAsync<InstanceBusyException>(() =>
            harness.Backups.CreateAsync(project, new CreateBackupRequest("n", instance.Id, null, false, null), CancellationToken.None));

        Assert.Equal(status, error.Status);
        Assert.Empty(await harness.Backups.ListAsync(project, null, CancellationToken.None));
    }

    [Fact]
    public async Task Backup_ThatFails_IsFailedWithAFault_TheInstanceStaysActive_AndTheOperationFails()
    {
        const string project = "backup-fails";
        // An ACTIVE instance whose server does not exist on the platform: the dump cannot connect.
        var instance = await InjectInstanceAsync(project, InstanceStatus.Active);

        var backup = await harness.Backups.CreateAsync(project, new CreateBackupRequest("doomed", instance.Id, null, false, null), CancellationToken.None);
        var failed = await harness.WaitForBackupAsync(project, backup.Id, BackupStatus.Failed);

        Assert.StartsWith("The dump-snapshot step failed: ", failed.Fault, StringComparison.Ordinal);
        Assert.Contains(instance.Id, failed.Fault, StringComparison.Ordinal);
        Assert.Null(failed.SizeGigabytes);
        var operation = await harness.WaitForOperationAsync(project, backup.OperationId!);
        Assert.Equal((OperationKind.Backup, OperationStatus.Failed, "dump-snapshot"), (operation.Kind, operation.Status, operation.CurrentStep));
        Assert.Equal(failed.Fault, operation.Error);
        var after = await harness.Instances.GetAsync(project, instance.Id, CancellationToken.None);
        Assert.Equal(InstanceStatus.Active, after.Status);
        Assert.Null(after.Fault);

        // A failed backup can be deleted, and another backup can be asked for.
        await harness.Backups.DeleteAsync(project, backup.Id, CancellationToken.None);
        var again = await harness.Backups.CreateAsync(project, new CreateBackupRequest("retry", instance.Id, null, false, null), CancellationToken.None);
        await harness.WaitForBackupAsync(project, again.Id, BackupStatus.Failed);
    }

    private static CreateInstanceRequest Restore(string name, string backupId, int volume = 2) =>
        new(name, "1", volume, DatastoreType: null, DatastoreVersion: null, Databases: [], Users: []) { BackupId = backupId };

    private async Task<BackupView> InjectBackupAsync(
        string project, string status, long dataBytes = 1 << 20, string? parentId = null, DateTimeOffset? created = null, string instanceId = "instance-x", string datastoreVersion = "10.11")
    {
        var id = Guid.NewGuid().ToString();
        var completed = status == BackupStatus.Completed;
        var at = created ?? DateTimeOffset.UtcNow;
        var backup = new BackupView(
            id, project, $"backup-{id[..8]}", null, instanceId, parentId, status, "mysql", datastoreVersion,
            completed ? 0.001 : null, completed ? dataBytes : null, completed ? 10 : null, completed ? 100 : 0,
            completed ? $"backups/{id}" : null, Fault: null, OperationId: null, at, at);
        await harness.Catalog.CreateAsync(CatalogKeys.Backup(project, id), new BackupDocument(backup, Deleting: false), CatalogJsonContext.Default.BackupDocument);
        return backup;
    }

    private async Task<InstanceView> InjectInstanceAsync(string project, string status, IReadOnlyList<string>? restoresFrom = null)
    {
        var id = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        var instance = new InstanceView(id, project, $"ghost-{id[..8]}", status, "1", "mysql", "10.11", 2, null, null, null, now, now, OperationId: null, Fault: null);
        await harness.Catalog.CreateAsync(CatalogKeys.Instance(project, id), new InstanceDocument(instance, $"{id}-admin", [], []) { RestoresFrom = restoresFrom ?? [] }, CatalogJsonContext.Default.InstanceDocument);
        return instance;
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in harness.Catalog.ListKeysAsync(prefix))
        {
            keys.Add(key);
        }

        return keys;
    }
}
