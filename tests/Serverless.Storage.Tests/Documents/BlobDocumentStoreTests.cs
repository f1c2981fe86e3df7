using Azure;
using Azure.Storage.Blobs.Models;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Storage.Tests.Documents;

public sealed class BlobDocumentStoreTests(AzuriteFixture azurite, ITestOutputHelper output) : DocumentStoreContract(output), IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Documents_AreStoredAsJsonBlobs()
    {
        var store = (BlobDocumentStore)await CreateStoreAsync();

        await store.CreateAsync("catalog/instances/db-1", BinaryData.FromString("{}"));

        var properties = (await store.Container.GetBlobClient("catalog/instances/db-1").GetPropertiesAsync()).Value;
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal(BlobType.Block, properties.BlobType);
    }

    [Fact]
    public async Task AMissingContainer_IsReportedAsSuch_NotAsAMissingDocument()
    {
        var store = new BlobDocumentStore(azurite.BlobService.GetBlobContainerClient($"missing-{Guid.NewGuid():N}"));

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => store.GetAsync("doc"));

        Assert.Equal(BlobErrorCode.ContainerNotFound.ToString(), e.ErrorCode);
    }

    protected override async Task<IDocumentStore> CreateStoreAsync() => new BlobDocumentStore(await azurite.CreateContainerAsync("documents"));
}
