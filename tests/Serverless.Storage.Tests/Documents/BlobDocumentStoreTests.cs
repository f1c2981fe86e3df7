using Serverless.Storage.Blobs;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Storage.Tests.Documents;

public sealed class BlobDocumentStoreTests(AzuriteFixture azurite, ITestOutputHelper output) : DocumentStoreContract(output), IClassFixture<AzuriteFixture>
{
    private readonly BlobServiceClient service = new(azurite.ConnectionString);

    [Fact]
    public async Task Documents_AreStoredAsJsonBlobs()
    {
        var store = (BlobDocumentStore)await CreateStoreAsync();

        await store.CreateAsync("catalog/instances/db-1", BinaryData.FromString("{}"));

        var properties = await store.Container.GetPropertiesAsync("catalog/instances/db-1");
        Assert.Equal("application/json", properties.ContentType);
    }

    [Fact]
    public async Task AMissingContainer_IsReportedAsSuch_NotAsAMissingDocument()
    {
        var store = new BlobDocumentStore(service.GetContainerClient($"missing-{Guid.NewGuid():N}"));

        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.GetAsync("doc"));

        Assert.Equal("ContainerNotFound", e.ErrorCode);
    }

    protected override async Task<IDocumentStore> CreateStoreAsync()
    {
        var container = service.GetContainerClient($"documents-{Guid.NewGuid():N}");
        await container.CreateIfNotExistsAsync();
        return new BlobDocumentStore(container);
    }
}
