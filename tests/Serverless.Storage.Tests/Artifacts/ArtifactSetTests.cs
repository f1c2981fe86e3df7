using System.Text;
using System.Text.Json;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>Artifact sets: the manifest is written last, exactly once, and is the only way in.</summary>
public sealed class ArtifactSetTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Key = ArtifactTestContent.Key(21);

    [Fact]
    public async Task CompletedSet_ReadsBackThroughItsManifest_WithItsProperties()
    {
        var store = new ArtifactStore(await ArtifactContainer.CreateAsync(azurite), new ArtifactStoreOptions { KeyProvider = ArtifactStoreTests.Keys("k1", Key) });
        var schema = Encoding.UTF8.GetBytes("CREATE TABLE sbtest1 (id INT PRIMARY KEY);\n");
        var rows = ArtifactTestContent.Rows(500_000);
        var writer = new ArtifactSetWriter(store, "full-1");
        writer.Properties["binlogFile"] = "mysql-bin.000003";
        writer.Properties["binlogPosition"] = "4711";
        await writer.AddAsync("schema.sql", new MemoryStream(schema));
        await writer.AddAsync("sbtest/sbtest1.00000.tsv", new MemoryStream(rows));

        var written = await writer.CompleteAsync();
        var reader = await ArtifactSetReader.OpenAsync(store, "full-1");

        Assert.Equal(["schema.sql", "sbtest/sbtest1.00000.tsv"], reader.Artifacts.Select(a => a.Name));
        Assert.Equal("4711", reader.Manifest.Properties["binlogPosition"]);
        Assert.Equal(ArtifactCompression.Brotli, reader.Manifest.Compression);
        Assert.Equal("k1", reader.Manifest.KeyId);
        Assert.Equal(ArtifactManifest.CurrentFormatVersion, reader.Manifest.FormatVersion);
        Assert.Equal(written.Artifacts, reader.Artifacts);
        Assert.Equal(schema, await ArtifactContainer.ReadAllAsync(await reader.OpenReadAsync("schema.sql")));
        Assert.Equal(rows, await ArtifactContainer.ReadAllAsync(await reader.OpenReadAsync("sbtest/sbtest1.00000.tsv")));
    }

    [Fact]
    public async Task SetWithoutManifest_IsIncomplete_AndNeverReadAsGood()
    {
        var store = new ArtifactStore(await ArtifactContainer.CreateAsync(azurite));
        var writer = new ArtifactSetWriter(store, "crashed-1");
        await writer.AddAsync("schema.sql", new MemoryStream("CREATE TABLE t (id INT);"u8.ToArray()));

        var incomplete = await Assert.ThrowsAsync<ArtifactSetIncompleteException>(() => ArtifactSetReader.OpenAsync(store, "crashed-1"));
        var absent = await Assert.ThrowsAsync<ArtifactSetIncompleteException>(() => ArtifactSetReader.OpenAsync(store, "never-written"));

        Assert.Equal("crashed-1", incomplete.SetId);
        Assert.Contains("'crashed-1' has no manifest", incomplete.Message, StringComparison.Ordinal);
        Assert.Equal("never-written", absent.SetId);
    }

    [Fact]
    public async Task Manifest_IsWrittenLast()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = new ArtifactStore(container);
        var writer = new ArtifactSetWriter(store, "full-2");
        await writer.AddAsync("a.tsv", new MemoryStream(ArtifactTestContent.Rows(10_000)));
        await writer.AddAsync("b.tsv", new MemoryStream(ArtifactTestContent.Rows(10_000, seed: 2)));

        var before = await ArtifactContainer.ListAsync(container, "full-2/");
        await writer.CompleteAsync();
        var after = await ArtifactContainer.ListAsync(container, "full-2/");

        Assert.Equal(2, before.Count);
        Assert.DoesNotContain("full-2/manifest.json", before);
        Assert.Equal(before.Append("full-2/manifest.json").Order(StringComparer.Ordinal), after.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CompletingASetTwice_IsRefused_AndTheFirstManifestStands()
    {
        var store = new ArtifactStore(await ArtifactContainer.CreateAsync(azurite));
        var first = new ArtifactSetWriter(store, "full-3");
        await first.AddAsync("a.tsv", new MemoryStream(ArtifactTestContent.Rows(1_000)));
        var second = new ArtifactSetWriter(store, "full-3");
        await second.AddAsync("other.tsv", new MemoryStream(ArtifactTestContent.Rows(1_000)));

        await first.CompleteAsync();
        var again = await Assert.ThrowsAsync<ArtifactSetAlreadyCompletedException>(() => first.CompleteAsync());
        var rival = await Assert.ThrowsAsync<ArtifactSetAlreadyCompletedException>(() => second.CompleteAsync());

        Assert.Equal("full-3", rival.SetId);
        Assert.Contains("already completed", again.Message, StringComparison.Ordinal);
        var reader = await ArtifactSetReader.OpenAsync(store, "full-3");
        Assert.Equal(["a.tsv"], reader.Artifacts.Select(a => a.Name));
        await Assert.ThrowsAsync<InvalidOperationException>(() => first.AddAsync("late.tsv", new MemoryStream([1])));
    }

    [Fact]
    public async Task RetriedCompletion_OfTheSameArtifacts_GetsTheManifestAlreadyWritten()
    {
        var store = new ArtifactStore(await ArtifactContainer.CreateAsync(azurite));
        var artifact = await store.WriteAsync("full-8", "a.tsv", new MemoryStream(ArtifactTestContent.Rows(1_000)));
        var createdAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var first = new ArtifactSetWriter(store, "full-8", createdAt);
        first.Add(artifact);
        first.Properties["parent"] = "full-7";
        var written = await first.CompleteAsync();

        // The activity that completed the set runs again after a crash, with the same input.
        var retry = new ArtifactSetWriter(store, "full-8", createdAt);
        retry.Add(artifact);
        retry.Properties["parent"] = "full-7";
        var again = await retry.CompleteAsync();

        Assert.Equal(written.CompletedAt, again.CompletedAt);
        Assert.Equal(written.Artifacts, again.Artifacts);

        var other = new ArtifactSetWriter(store, "full-8", createdAt);
        other.Add(artifact);
        other.Properties["parent"] = "full-6";
        await Assert.ThrowsAsync<ArtifactSetAlreadyCompletedException>(() => other.CompleteAsync());
    }

    [Fact]
    public async Task ArtifactsNotInTheManifest_AreNotPartOfTheSet()
    {
        var store = new ArtifactStore(await ArtifactContainer.CreateAsync(azurite));
        var writer = new ArtifactSetWriter(store, "full-4");
        await writer.AddAsync("a.tsv", new MemoryStream(ArtifactTestContent.Rows(1_000)));
        await writer.CompleteAsync();
        await store.WriteAsync("full-4", "stray.tsv", new MemoryStream(ArtifactTestContent.Rows(1_000)));

        var reader = await ArtifactSetReader.OpenAsync(store, "full-4");

        Assert.Equal(["a.tsv"], reader.Artifacts.Select(a => a.Name));
        var error = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => reader.OpenReadAsync("stray.tsv"));
        Assert.Equal("stray.tsv", error.ArtifactName);
    }

    [Fact]
    public async Task ArtifactsWrittenElsewhere_CanBeAddedByDescriptor()
    {
        var store = new ArtifactStore(await ArtifactContainer.CreateAsync(azurite));
        var content = ArtifactTestContent.Rows(50_000);
        var fromAnotherActivity = await store.WriteAsync("full-5", "t.tsv", new MemoryStream(content));
        var foreign = await store.WriteAsync("other-set", "t.tsv", new MemoryStream(content));
        var writer = new ArtifactSetWriter(store, "full-5");

        writer.Add(fromAnotherActivity);
        Assert.Throws<ArgumentException>(() => writer.Add(fromAnotherActivity));
        Assert.Throws<ArtifactFormatException>(() => writer.Add(foreign));
        await writer.CompleteAsync();

        var reader = await ArtifactSetReader.OpenAsync(store, "full-5");
        Assert.Equal(content, await ArtifactContainer.ReadAllAsync(await reader.OpenReadAsync("t.tsv")));
    }

    [Fact]
    public async Task Manifest_HoldsKeyIdsButNeverKeyMaterial()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = new ArtifactStore(container, new ArtifactStoreOptions { KeyProvider = ArtifactStoreTests.Keys("prod-2024", Key) });
        var writer = new ArtifactSetWriter(store, "full-6");
        await writer.AddAsync("a.tsv", new MemoryStream(ArtifactTestContent.Rows(100_000)));
        await writer.CompleteAsync();

        var json = Encoding.UTF8.GetString(await ArtifactContainer.ReadBlobAsync(container, "full-6/manifest.json"));

        using var document = JsonDocument.Parse(json);
        Assert.Equal("prod-2024", document.RootElement.GetProperty("keyId").GetString());
        Assert.Equal("brotli", document.RootElement.GetProperty("compression").GetString());
        Assert.DoesNotContain(Convert.ToHexString(Key), json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Key), json, StringComparison.Ordinal);
        var stored = await ArtifactContainer.ReadBlobAsync(container, document.RootElement.GetProperty("artifacts")[0].GetProperty("blobName").GetString()!);
        Assert.Equal(-1, stored.AsSpan().IndexOf(Key));
    }

    [Fact]
    public async Task AlteredManifest_ThatNoLongerParses_IsRefused()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = new ArtifactStore(container);
        var writer = new ArtifactSetWriter(store, "full-7");
        await writer.AddAsync("a.tsv", new MemoryStream([1, 2, 3]));
        await writer.CompleteAsync();
        await ArtifactContainer.OverwriteBlobAsync(container, "full-7/manifest.json", Encoding.UTF8.GetBytes("{\"setId\": \"full-7\""));

        var error = await Assert.ThrowsAsync<ArtifactFormatException>(() => ArtifactSetReader.OpenAsync(store, "full-7"));

        Assert.Null(error.ArtifactName);
        Assert.Contains("'full-7'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteSet_RemovesManifestAndEveryArtifact_AndLeavesOtherSetsAlone()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = new ArtifactStore(container);
        foreach (var setId in new[] { "full-9", "full-90" })
        {
            var writer = new ArtifactSetWriter(store, setId);
            await writer.AddAsync("schema.sql", new MemoryStream("CREATE TABLE t (id INT);"u8.ToArray()));
            await writer.AddAsync("db/t.00000.tsv", new MemoryStream(ArtifactTestContent.Rows(1_000)));
            await writer.AddAsync("db/t.00001.tsv", new MemoryStream(ArtifactTestContent.Rows(1_000, seed: 2)));
            await writer.CompleteAsync();
        }

        var deleted = await store.DeleteSetAsync("full-9");

        Assert.Equal(4, deleted);
        Assert.Empty(await ArtifactContainer.ListAsync(container, "full-9/"));
        await Assert.ThrowsAsync<ArtifactSetIncompleteException>(() => ArtifactSetReader.OpenAsync(store, "full-9"));
        Assert.Equal(4, (await ArtifactContainer.ListAsync(container, "full-90/")).Count);
        var other = await ArtifactSetReader.OpenAsync(store, "full-90");
        Assert.Equal(3, other.Artifacts.Count);
    }

    [Fact]
    public async Task DeleteSet_OfAnIncompleteOrMissingSet_OrTwice_IsFine()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = new ArtifactStore(container);
        var crashed = new ArtifactSetWriter(store, "crashed-9");
        await crashed.AddAsync("schema.sql", new MemoryStream("CREATE TABLE t (id INT);"u8.ToArray()));

        Assert.Equal(1, await store.DeleteSetAsync("crashed-9"));
        Assert.Equal(0, await store.DeleteSetAsync("crashed-9"));
        Assert.Equal(0, await store.DeleteSetAsync("never-written"));
        Assert.Empty(await ArtifactContainer.ListAsync(container, "crashed-9/"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteSetAsync(".."));
    }
}
