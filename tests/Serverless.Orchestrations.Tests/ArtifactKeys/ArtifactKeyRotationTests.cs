using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Platforms.Local;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Orchestrations.Tests.ArtifactKeys;

/// <summary>
/// Encryption at rest through the orchestrations: every artifact of every new backup is encrypted with the current key,
/// a key change takes effect for the next backup (full or incremental), and each backup stays readable by the key id its
/// manifest records. The second control plane is a host started with another current key on the same storage account
/// and secret store, as the local host is after <c>Serverless__Artifacts__CurrentKeyId</c> changes.
/// </summary>
public sealed class ArtifactKeyRotationTests(InstanceHarness harness, ITestOutputHelper output) : IClassFixture<InstanceHarness>
{
    private const string UserPassword = "Rotate-Pass-7qW2";
    private const string Project = "keys";

    [Fact]
    public async Task AKeyChange_AppliesToTheNextBackup_AndBackupsUnderEitherKeyRestore_WhileAnUnknownKeyFailsTheRestoreNamingIt()
    {
        var firstKeyId = new ArtifactKeyOptions().CurrentKeyId;
        var source = await CreateInstanceAsync("keyed-src");
        await ExecuteAsync(source, "CREATE TABLE items (id INT PRIMARY KEY, note VARCHAR(100) NOT NULL); INSERT INTO items SELECT seq, CONCAT('before-', seq) FROM seq_1_to_500");
        var fullChecksum = await ChecksumAsync(source);
        var full = await BackupAsync(harness.Backups, new CreateBackupRequest("before-change", source.Id, null, Incremental: false, ParentId: null));
        Assert.Equal([firstKeyId], await KeyIdsAsync(full.Id));

        await ExecuteAsync(source, "INSERT INTO items SELECT seq, CONCAT('after-', seq) FROM seq_501_to_800; UPDATE items SET note = 'changed' WHERE id <= 10");
        var incrementalChecksum = await ChecksumAsync(source);
        using (var rotated = await InstanceHarness.StartHostAsync(
            harness.ConnectionString, "rotated", harness.Platform, harness.Secrets, services => services.AddSingleton(RotatedOptions())))
        {
            var incremental = await BackupAsync(rotated.Services.GetRequiredService<BackupService>(), new CreateBackupRequest("after-change", source.Id, null, Incremental: true, ParentId: null));
            Assert.Equal(full.Id, incremental.ParentId);
            Assert.Equal(["k2"], await KeyIdsAsync(incremental.Id));

            // The host whose current key is the new one restores the older full backup by the id its manifest names.
            var fromFull = await RestoreAsync(rotated.Services.GetRequiredService<InstanceService>(), "from-full", full.Id);
            Assert.Equal(fullChecksum, await ChecksumAsync(fromFull));
            await rotated.StopAsync();

            // And the first host restores the chain across the change: the full under k1, the segment under k2.
            var fromChain = await RestoreAsync(harness.Instances, "from-chain", incremental.Id);
            Assert.Equal(incrementalChecksum, await ChecksumAsync(fromChain));

            var keys = new[] { await harness.Secrets.GetAsync(SecretStoreArtifactKeyProvider.SecretIdOf(firstKeyId), CancellationToken.None), await harness.Secrets.GetAsync("artifact-key-k2", CancellationToken.None) };
            Assert.All(keys, Assert.NotNull);

            // A manifest naming a key id this installation has never had.
            await RenameKeyInManifestAsync(incremental.Id, "k2", "k-from-elsewhere");
            var created = await harness.Instances.CreateAsync(Project, new CreateInstanceRequest("from-unknown", "1", 2, null, null, [], []) { BackupId = incremental.Id }, CancellationToken.None);
            var failed = await harness.WaitForStatusAsync(Project, created.Id, InstanceStatus.Error, TimeSpan.FromMinutes(4));
            output.WriteLine(failed.Fault);
            Assert.Contains("'k-from-elsewhere'", failed.Fault, StringComparison.Ordinal);
            Assert.Contains(incremental.Id, failed.Fault, StringComparison.Ordinal);

            // No key in an error, a catalog document or an orchestration's state and history.
            foreach (var key in keys)
            {
                Assert.DoesNotContain(key!, failed.Fault, StringComparison.Ordinal);
            }

            await harness.AssertNoDocumentHoldsAsync([.. keys.Select(key => key!)]);
        }
    }

    private ControlPlaneOptions RotatedOptions() =>
        new() { Storage = new() { ConnectionString = harness.ConnectionString }, ArtifactKeys = new() { CurrentKeyId = "k2" } };

    private async Task<InstanceView> CreateInstanceAsync(string name)
    {
        var created = await harness.Instances.CreateAsync(
            Project, new CreateInstanceRequest(name, "1", 2, "mysql", "10.11", ["appdb"], [new CreateUserRequest("appuser", UserPassword, "%", ["appdb"])]), CancellationToken.None);
        return await harness.WaitForStatusAsync(Project, created.Id, InstanceStatus.Active);
    }

    private async Task<BackupView> BackupAsync(BackupService backups, CreateBackupRequest request)
    {
        var started = await backups.CreateAsync(Project, request, CancellationToken.None);
        var completed = await harness.WaitForBackupAsync(Project, started.Id, BackupStatus.Completed);
        await harness.WaitForStatusAsync(Project, request.InstanceId, InstanceStatus.Active);
        return completed;
    }

    private async Task<InstanceView> RestoreAsync(InstanceService instances, string name, string backupId)
    {
        var created = await instances.CreateAsync(Project, new CreateInstanceRequest(name, "1", 2, null, null, [], []) { BackupId = backupId }, CancellationToken.None);
        return await harness.WaitForStatusAsync(Project, created.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4));
    }

    /// <summary>The distinct key ids of a backup's artifacts, as its manifest records them; every artifact has one.</summary>
    private async Task<string[]> KeyIdsAsync(string backupId)
    {
        var set = await ArtifactSetReader.OpenAsync(harness.Artifacts, backupId);
        Assert.NotEmpty(set.Artifacts);
        Assert.All(set.Artifacts, artifact => Assert.NotNull(artifact.KeyId));
        return [.. set.Artifacts.Select(artifact => artifact.KeyId!).Distinct()];
    }

    private async Task RenameKeyInManifestAsync(string backupId, string from, string to)
    {
        var blob = harness.Artifacts.Container.GetBlobClient($"{backupId}/manifest.json");
        var manifest = JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!;
        Assert.Equal(from, (string?)manifest["keyId"]);
        manifest["keyId"] = to;
        foreach (var artifact in manifest["artifacts"]!.AsArray())
        {
            artifact!["keyId"] = to;
        }

        await blob.UploadAsync(BinaryData.FromString(manifest.ToJsonString()), overwrite: true);
    }

    private static async Task ExecuteAsync(InstanceView instance, string sql)
    {
        await using var connection = await InstanceHarness.ConnectAsync(instance, "appuser", UserPassword, "appdb");
        await connection.ExecuteAsync(sql);
    }

    /// <summary>Row count and CHECKSUM TABLE EXTENDED of appdb.items, read as the admin.</summary>
    private async Task<string> ChecksumAsync(InstanceView instance)
    {
        var password = await harness.Secrets.GetAsync($"{instance.Id}-admin", CancellationToken.None);
        await using var connection = await InstanceHarness.ConnectAsync(instance, MariaDbServer.AdminUserName, password!, "appdb");
        var count = await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM items");
        await using var checksum = new MySqlCommand("CHECKSUM TABLE items EXTENDED", connection);
        await using var reader = await checksum.ExecuteReaderAsync();
        await reader.ReadAsync();
        return string.Create(CultureInfo.InvariantCulture, $"{count}:{reader.GetValue(1)}");
    }
}
