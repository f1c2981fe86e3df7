using System.Collections.Concurrent;
using System.Text;
using Azure;
using Serverless.Storage.Documents;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Storage.Tests.Documents;

/// <summary>
/// What every <see cref="IDocumentStore"/> guarantees; each implementation runs these tests, so
/// the in-memory store used by engine tests behaves like the Blob store in production.
/// </summary>
public abstract class DocumentStoreContract(ITestOutputHelper output)
{
    private static readonly BinaryData Json1 = BinaryData.FromString("""{"name":"a","value":1}""");
    private static readonly BinaryData Json2 = BinaryData.FromString("""{"name":"a","value":2}""");

    [Fact]
    public async Task Get_OfAMissingKey_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync("missing/doc"));
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsTheJsonAndTheSameETag()
    {
        var store = await CreateStoreAsync();

        var etag = await store.CreateAsync("instances/db-1", Json1);
        var stored = await store.GetAsync("instances/db-1");

        Assert.NotNull(stored);
        Assert.Equal("instances/db-1", stored.Key);
        Assert.Equal(Json1.ToArray(), stored.Value.ToArray());
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task Create_OfAnExistingKey_ThrowsAlreadyExists_AndKeepsTheDocument()
    {
        var store = await CreateStoreAsync();
        var etag = await store.CreateAsync("once", Json1);

        var e = await Assert.ThrowsAsync<DocumentAlreadyExistsException>(() => store.CreateAsync("once", Json2));

        Assert.Equal("once", e.Key);
        Assert.Equal(etag, (await store.GetAsync("once"))!.ETag);
    }

    [Fact]
    public async Task Replace_WithTheCurrentETag_StoresTheNewVersion_UnderANewETag()
    {
        var store = await CreateStoreAsync();
        var first = await store.CreateAsync("doc", Json1);

        var second = await store.ReplaceAsync("doc", Json2, first);

        Assert.NotEqual(first, second);
        var stored = await store.GetAsync("doc");
        Assert.Equal(second, stored!.ETag);
        Assert.Equal(Json2.ToArray(), stored.Value.ToArray());
    }

    [Fact]
    public async Task Replace_WithAStaleETag_ThrowsChanged_AndKeepsTheCurrentVersion()
    {
        var store = await CreateStoreAsync();
        var first = await store.CreateAsync("doc", Json1);
        var second = await store.ReplaceAsync("doc", Json2, first);

        var e = await Assert.ThrowsAsync<DocumentChangedException>(() => store.ReplaceAsync("doc", Json1, first));

        Assert.Equal(first, e.ExpectedETag);
        Assert.Equal(second, (await store.GetAsync("doc"))!.ETag);
    }

    [Fact]
    public async Task Replace_OfADeletedDocument_ThrowsNotFound_AndDoesNotRecreateIt()
    {
        var store = await CreateStoreAsync();
        var etag = await store.CreateAsync("doc", Json1);
        await store.DeleteAsync("doc", etag);

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.ReplaceAsync("doc", Json2, etag));

        Assert.Null(await store.GetAsync("doc"));
    }

    [Fact]
    public async Task Delete_HonoursTheETag_AndReportsMissingDocuments()
    {
        var store = await CreateStoreAsync();
        var first = await store.CreateAsync("doc", Json1);
        var second = await store.ReplaceAsync("doc", Json2, first);

        await Assert.ThrowsAsync<DocumentChangedException>(() => store.DeleteAsync("doc", first));
        await store.DeleteAsync("doc", second);
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.DeleteAsync("doc", second));

        Assert.Null(await store.GetAsync("doc"));
    }

    [Fact]
    public async Task ListKeys_ReturnsTheKeysUnderThePrefix_InOrdinalOrder()
    {
        var store = await CreateStoreAsync();
        foreach (var key in new[] { "instances/b", "instances/a", "instances/sub/c", "backups/x", "instancesX" })
        {
            await store.CreateAsync(key, Json1);
        }

        var keys = new List<string>();
        await foreach (var key in store.ListKeysAsync("instances/"))
        {
            keys.Add(key);
        }

        Assert.Equal(["instances/a", "instances/b", "instances/sub/c"], keys);
    }

    [Fact]
    public async Task TypedAccess_RoundTripsThroughSourceGeneratedJson()
    {
        var store = await CreateStoreAsync();
        var typeInfo = TestDocumentsJson.Default.CounterDocument;

        var created = await store.CreateAsync("typed", new CounterDocument("typed", 1), typeInfo);
        var read = await store.GetAsync("typed", typeInfo);
        var replaced = await store.ReplaceAsync("typed", read!.Value with { Value = 2 }, read.ETag, typeInfo);
        var final = await store.GetAsync("typed", typeInfo);

        Assert.Equal(created, read.ETag);
        Assert.Equal(new CounterDocument("typed", 1), read.Value);
        Assert.Equal(new Document<CounterDocument>("typed", new CounterDocument("typed", 2), replaced), final);
        Assert.Null(await store.GetAsync("typed-missing", typeInfo));
        Assert.Contains("\"value\":2", Encoding.UTF8.GetString((await store.GetAsync("typed"))!.Value), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConcurrentWriters_EachIncrementExactlyOnce_AndEveryVersionHasOneWinner()
    {
        const int writers = 8;
        const int incrementsPerWriter = 25;
        var store = await CreateStoreAsync();
        var typeInfo = TestDocumentsJson.Default.CounterDocument;
        await store.CreateAsync("counter", new CounterDocument("counter", 0), typeInfo);
        var winners = new ConcurrentDictionary<ETag, int>();
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var done = 0; done < incrementsPerWriter;)
            {
                var current = await store.GetAsync("counter", typeInfo);
                try
                {
                    await store.ReplaceAsync("counter", current!.Value with { Value = current.Value.Value + 1 }, current.ETag, typeInfo);
                    Assert.True(winners.TryAdd(current.ETag, writer), $"two writers replaced version {current.ETag}");
                    done++;
                }
                catch (DocumentChangedException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var final = await store.GetAsync("counter", typeInfo);
        output.WriteLine($"{writers * incrementsPerWriter} increments, {conflicts} lost races retried");
        Assert.Equal(writers * incrementsPerWriter, final!.Value.Value);
        Assert.Equal(writers * incrementsPerWriter, winners.Count);
        Assert.All(Enumerable.Range(0, writers), writer => Assert.Equal(incrementsPerWriter, winners.Values.Count(w => w == writer)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/../b")]
    public async Task InvalidKeys_AreRejected(string key)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(key, Json1));
    }

    /// <summary>A store with no documents in it.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();
}
