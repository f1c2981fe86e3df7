using Azure.Storage.Blobs;
using Serverless.Testing;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>A fresh container on the fixture's Azurite for one test, so tests do not see each other's sets.</summary>
internal static class ArtifactContainer
{
    public static Task<BlobContainerClient> CreateAsync(AzuriteFixture azurite) => azurite.CreateContainerAsync("artifacts");

    public static async Task<byte[]> ReadBlobAsync(BlobContainerClient container, string blobName) =>
        (await container.GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToArray();

    /// <summary>Replaces a blob's bytes behind the store's back, as damage or an operator's mistake would.</summary>
    public static Task OverwriteBlobAsync(BlobContainerClient container, string blobName, byte[] bytes) =>
        container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);

    public static async Task<List<string>> ListAsync(BlobContainerClient container, string prefix)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(item.Name);
        }

        return names;
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
