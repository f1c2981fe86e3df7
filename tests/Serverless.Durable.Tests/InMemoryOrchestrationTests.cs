using Serverless.Storage.Documents;

namespace Serverless.Durable.Tests;

/// <summary>The core scenarios on the in-memory store: fast replay tests.</summary>
public sealed class InMemoryOrchestrationTests : OrchestrationScenarios
{
    protected override Task<IDocumentStore> CreateStoreAsync() => Task.FromResult<IDocumentStore>(new InMemoryDocumentStore());
}
