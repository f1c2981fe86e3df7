using Azure;
using Serverless.Storage.Accounts;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>Kills this class's own Azurite in the middle of an artifact upload, then restarts it on the same data.</summary>
public sealed class AzuriteCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const long ContentBytes = 256L * 1024 * 1024;
    private const long KillAfter = 24L * 1024 * 1024;

    [Fact]
    public async Task ArtifactWrite_WhenAzuriteDiesMidway_Fails_AndLeavesNoBlobAndNoCompleteSet()
    {
        // Few quick retries: the test waits for the failure, not for the client's patience.
        var service = BlobServiceClientFactory.Create(
            new StorageAccountOptions { ConnectionString = azurite.ConnectionString },
            configure: options =>
            {
                options.Retry.MaxRetries = 2;
                options.Retry.Delay = TimeSpan.FromMilliseconds(50);
            });
        var container = service.GetBlobContainerClient($"crash-{Guid.NewGuid():N}");
        await container.CreateIfNotExistsAsync();

        // Azurite saves its metadata every 5 s and when stopped cleanly; a clean restart makes the container
        // survive the kill, so the test sees only what the kill itself did.
        await azurite.Server.RestartAsync(CancellationToken.None);
        var store = new ArtifactStore(container, new ArtifactStoreOptions { Compression = ArtifactCompression.None });
        var writer = new ArtifactSetWriter(store, "crashed-1");

        var content = new GeneratedStream(ContentBytes, triggerPosition: KillAfter, trigger: azurite.Server.Kill);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => writer.AddAsync("big.bin", content));
        await azurite.Server.RestartAsync(CancellationToken.None);

        Assert.True(error is RequestFailedException or IOException or AggregateException, error.ToString());
        Assert.Empty(writer.Artifacts);
        Assert.Empty(await ArtifactContainer.ListAsync(container, "crashed-1/"));
        await Assert.ThrowsAsync<ArtifactSetIncompleteException>(() => ArtifactSetReader.OpenAsync(store, "crashed-1"));
    }
}
