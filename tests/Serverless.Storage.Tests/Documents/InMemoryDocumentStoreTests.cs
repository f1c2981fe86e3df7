using Serverless.Storage.Documents;
using Xunit.Abstractions;

namespace Serverless.Storage.Tests.Documents;

public sealed class InMemoryDocumentStoreTests(ITestOutputHelper output) : DocumentStoreContract(output)
{
    protected override Task<IDocumentStore> CreateStoreAsync() => Task.FromResult<IDocumentStore>(new InMemoryDocumentStore());
}
