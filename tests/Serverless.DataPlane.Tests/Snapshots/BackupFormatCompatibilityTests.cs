using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Serverless.DataPlane.Snapshots;
using MySqlConnector;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Platforms.Local.Secrets;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>
/// Backups taken by earlier versions must restore with this one. Fixtures/backup-format-v1 holds the blobs of
/// two full backups of a small database (<c>shop</c>: four tables of different column types, a view, a function,
/// a procedure and the account <c>shop_app</c>) exactly as the pre-Azure-SDK storage code wrote them, one plain
/// and one encrypted, with the <c>CHECKSUM TABLE</c> values of the source tables.
/// </summary>
public sealed class BackupFormatCompatibilityTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>, IDisposable
{
    private readonly string _secretDirectory = Path.Combine(Path.GetTempPath(), "serverless-fixture-keys", Guid.NewGuid().ToString("N")[..12]);

    private const string FixtureKeyId = "fixture-key-1";
    private const string AppPassword = "Fixture-Pw-1";

    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "backup-format-v1");

    [Theory]
    [InlineData("format-v1-plain")]
    [InlineData("format-v1-encrypted")]
    public async Task Restore_OfABackupWrittenByFormatVersion1_RestoresEveryTableByChecksum_AndTheAccountLogsIn(string setId)
    {
        var store = await environment.CreateStoreAsync(new ArtifactStoreOptions { KeyProvider = await FixtureKeysAsync() });
        var directory = Path.Combine(FixtureDirectory, setId);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var blobName = setId + "/" + Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
            await store.Container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(await File.ReadAllBytesAsync(path)));
        }

        // Each case restores into the same fresh target; start from what a fresh server has.
        var target = environment.TargetOptions;
        await TableContent.ExecuteAsync(target, "DROP DATABASE IF EXISTS shop; DROP USER IF EXISTS 'shop_app'@'%'");
        await new SnapshotLoader(store).LoadAsync(setId, target, new SnapshotLoadOptions(), CancellationToken.None);

        using var expected = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(FixtureDirectory, "expected-checksums.json")));
        var checksums = expected.RootElement.GetProperty("checksums").EnumerateObject().ToList();
        Assert.Equal(4, checksums.Count);
        foreach (var table in checksums)
        {
            Assert.Equal(table.Value.GetString(), await TableContent.ChecksumAsync(target, table.Name));
        }

        Assert.Equal(
            await TableContent.ScalarAsync(target, "SELECT SUM(amount) FROM shop.orders WHERE customer_id = 7"),
            await TableContent.ScalarAsync(target, "SELECT shop.order_total(7)"));

        // The account logs in with its password and has its grants, no more: the view, not the function.
        var app = target with { User = "shop_app", Password = AppPassword };
        await using (var connection = await TableContent.OpenAsync(app, "shop"))
        {
            Assert.Equal(
                await new MySqlCommand("SELECT COUNT(*) FROM orders WHERE status = 'paid'", connection).ExecuteScalarAsync(),
                await new MySqlCommand("SELECT COUNT(*) FROM paid_orders", connection).ExecuteScalarAsync());
            var denied = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("SELECT order_total(7)", connection).ExecuteScalarAsync());
            Assert.Equal(MySqlErrorCode.PrecedureAccessDenied, denied.ErrorCode);
        }

        var wrong = await Assert.ThrowsAsync<MySqlException>(() => TableContent.OpenAsync(app with { Password = "wrong" }, "shop"));
        Assert.Equal(MySqlErrorCode.AccessDenied, wrong.ErrorCode);
    }

    /// <summary>
    /// The key provider the control plane composes, over a secret store holding the key the encrypted fixture was written
    /// with (SHA-256 of a fixed phrase, a test key and nothing else) under the id its manifest names. The current key is
    /// another one: the fixture is an older backup, read after a key change.
    /// </summary>
    private async Task<SecretStoreArtifactKeyProvider> FixtureKeysAsync()
    {
        var secrets = new LocalSecretStore(_secretDirectory);
        var key = SHA256.HashData(Encoding.UTF8.GetBytes("backup-format-v1 fixture key"));
        await secrets.CreateAsync(SecretStoreArtifactKeyProvider.SecretIdOf(FixtureKeyId), Convert.ToBase64String(key), CancellationToken.None);
        return new SecretStoreArtifactKeyProvider(secrets, new ArtifactKeyOptions { CurrentKeyId = "after-the-fixture" });
    }

    public void Dispose()
    {
        if (Directory.Exists(_secretDirectory))
        {
            Directory.Delete(_secretDirectory, recursive: true);
        }
    }
}
