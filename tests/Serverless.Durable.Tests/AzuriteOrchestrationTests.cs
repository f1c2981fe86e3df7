using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;

namespace Serverless.Durable.Tests;

/// <summary>The core scenarios on Blob documents in Azurite.</summary>
public sealed class AzuriteOrchestrationTests(AzuriteFixture fixture) : OrchestrationScenarios, IClassFixture<AzuriteFixture>
{
    protected override async Task<IDocumentStore> CreateStoreAsync() => await AzuriteStores.CreateAsync(fixture, "durable");
}
