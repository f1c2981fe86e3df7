using Serverless.Storage.Documents;
using Serverless.Testing;

namespace Serverless.Durable.Tests;

internal static class AzuriteStores
{
    /// <summary>A document store on a fresh container of the fixture's Azurite, so tests never see each other's instances.</summary>
    public static async Task<BlobDocumentStore> CreateAsync(AzuriteFixture fixture, string purpose)
    {
        return new BlobDocumentStore(await fixture.CreateContainerAsync(purpose));
    }
}
