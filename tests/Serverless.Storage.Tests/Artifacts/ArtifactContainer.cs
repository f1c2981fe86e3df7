using Serverless.Storage.Blobs;
using Serverless.Testing;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>A fresh container on the fixture's Azurite for one test, so tests do not see each other's sets.</summary>
internal static class ArtifactContainer
{
    public static async Task<BlobContainerClient> CreateAsync(AzuriteFixture azurite)
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetContainerClient($"artifacts-{Guid.NewGuid():N}");
        await container.CreateIfNotExistsAsync();
        return container;
    }

    public static async Task<byte[]> ReadBlobAsync(BlobContainerClient container, string blobName)
    {
        await using var download = await container.DownloadAsync(blobName);
        using var bytes = new MemoryStream();
        await download.Content.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            return bytes.ToArray();
        }
    }
}
