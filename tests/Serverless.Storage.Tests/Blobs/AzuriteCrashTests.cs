using Serverless.Storage.Blobs;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Blobs;

/// <summary>Kills this class's own Azurite in the middle of uploads, then restarts it on the same data.</summary>
public sealed class AzuriteCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const long UploadSize = 256L * 1024 * 1024;
    private const long KillAfter = 24L * 1024 * 1024;
    private static readonly BlobWriteOptions Blocks = new() { BlockSize = 4 * 1024 * 1024, MaxConcurrency = 2 };

    [Fact]
    public async Task Upload_WhenAzuriteDiesMidway_Fails_AndTheOldBlobSurvivesUnchanged()
    {
        var container = await PrepareAsync();
        var original = await container.PutAsync("survivor", BinaryData.FromString("version 1"));
        await PersistAsync();

        var e = await Assert.ThrowsAnyAsync<Exception>(
            () => container.UploadAsync("survivor", new GeneratedStream(UploadSize, triggerPosition: KillAfter, trigger: azurite.Server.Kill), Blocks));
        await azurite.Server.RestartAsync(CancellationToken.None);

        Assert.True(e is BlobStorageException or IOException, e.ToString());
        var properties = await container.GetPropertiesAsync("survivor");
        Assert.Equal(original.ETag, properties.ETag);
        Assert.Equal("version 1".Length, properties.ContentLength);
    }

    [Fact]
    public async Task Upload_WhenAzuriteDiesMidway_Fails_AndNoBlobAppears()
    {
        var container = await PrepareAsync();

        var e = await Assert.ThrowsAnyAsync<Exception>(
            () => container.UploadAsync("never-committed", new GeneratedStream(UploadSize, triggerPosition: KillAfter, trigger: azurite.Server.Kill), Blocks));
        await azurite.Server.RestartAsync(CancellationToken.None);

        var storage = Assert.IsAssignableFrom<BlobStorageException>(e);
        Assert.Equal(0, storage.Status);
        Assert.Equal("never-committed", storage.BlobName);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => container.GetPropertiesAsync("never-committed"));
        await foreach (var item in container.ListAsync())
        {
            Assert.Fail($"nothing should be listed, found '{item.Name}'");
        }
    }

    private async Task<BlobContainerClient> PrepareAsync()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        var container = new BlobServiceClient(azurite.ConnectionString, options).GetContainerClient(BlobContainerClientTests.UniqueContainerName());
        await container.CreateIfNotExistsAsync();
        await PersistAsync();
        return container;
    }

    /// <summary>
    /// Azurite saves its metadata every 5 s and when stopped cleanly; a clean restart makes what
    /// exists so far survive the kill, so the test sees only what the kill itself did.
    /// </summary>
    private Task PersistAsync() => azurite.Server.RestartAsync(CancellationToken.None);
}
