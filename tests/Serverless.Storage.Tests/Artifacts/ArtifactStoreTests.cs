using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>Single artifacts written to and read back from Azurite, including blobs damaged behind the store's back.</summary>
public sealed class ArtifactStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string SetId = "backup-7";
    private const string Name = "sbtest/sbtest1.00000.tsv";
    private static readonly byte[] Key = ArtifactTestContent.Key(11);
    private static readonly byte[] Content = ArtifactTestContent.Rows(3_000_000);

    [Theory]
    [MemberData(nameof(ArtifactTestContent.EveryCompressionWithAndWithoutEncryption), MemberType = typeof(ArtifactTestContent))]
    public async Task WrittenArtifact_ReadsBackAsWritten(ArtifactCompression compression, bool encrypted)
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = Store(container, compression, encrypted ? Keys("k1", Key) : null);

        var artifact = await store.WriteAsync(SetId, Name, new MemoryStream(Content));
        var read = await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync(SetId, artifact));

        Assert.Equal(Content, read);
        var stored = await ArtifactContainer.ReadBlobAsync(container, artifact.BlobName);
        Assert.Equal(artifact.StoredBytes, stored.Length);
        Assert.Equal(ArtifactTestContent.Sha256(stored), artifact.Sha256);
        Assert.Equal(compression, artifact.Compression);
        Assert.Equal(encrypted ? "k1" : null, artifact.KeyId);
        Assert.StartsWith($"{SetId}/{Name}.", artifact.BlobName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BlobCorruptedByARawPut_IsDetectedOnRead(bool encrypted)
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = Store(container, ArtifactCompression.Brotli, encrypted ? Keys("k1", Key) : null);
        var artifact = await store.WriteAsync(SetId, Name, new MemoryStream(Content));
        var stored = await ArtifactContainer.ReadBlobAsync(container, artifact.BlobName);
        stored[stored.Length / 2] ^= 0x04;
        await ArtifactContainer.OverwriteBlobAsync(container, artifact.BlobName, stored);

        var error = await Assert.ThrowsAnyAsync<ArtifactException>(async () => await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync(SetId, artifact)));

        if (encrypted)
        {
            var decryption = Assert.IsType<ArtifactDecryptionException>(error);
            Assert.Equal(ArtifactDecryptionFailure.ChunkAuthenticationFailed, decryption.Failure);
        }
        else
        {
            var mismatch = Assert.IsType<ArtifactChecksumMismatchException>(error);
            Assert.Equal(ArtifactTestContent.Sha256(stored), mismatch.ActualSha256);
        }

        Assert.Equal(SetId, error.SetId);
        Assert.Equal(Name, error.ArtifactName);
        Assert.Contains($"set '{SetId}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Name}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TruncatedBlob_IsDetectedBeforeAnyContentIsRead(bool encrypted)
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = Store(container, ArtifactCompression.Gzip, encrypted ? Keys("k1", Key) : null);
        var artifact = await store.WriteAsync(SetId, Name, new MemoryStream(Content));
        var stored = await ArtifactContainer.ReadBlobAsync(container, artifact.BlobName);
        await ArtifactContainer.OverwriteBlobAsync(container, artifact.BlobName, stored[..^1]);

        var error = await Assert.ThrowsAsync<ArtifactChecksumMismatchException>(() => store.OpenReadAsync(SetId, artifact));

        Assert.Equal(stored.Length - 1, error.ActualStoredBytes);
        Assert.Equal(artifact.StoredBytes, error.ExpectedStoredBytes);
    }

    [Fact]
    public async Task WrongKey_FailsClearly_NamingTheArtifactAndKeyIdOnly()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var artifact = await Store(container, ArtifactCompression.Brotli, Keys("2024-q1", Key)).WriteAsync(SetId, Name, new MemoryStream(Content));
        var otherKey = ArtifactTestContent.Key(99);

        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(async () =>
            await ArtifactContainer.ReadAllAsync(await Store(container, ArtifactCompression.Brotli, Keys("2024-q1", otherKey)).OpenReadAsync(SetId, artifact)));

        Assert.Equal(ArtifactDecryptionFailure.WrongKey, error.Failure);
        Assert.Equal("2024-q1", error.KeyId);
        Assert.Contains($"Artifact '{Name}' of set '{SetId}'", error.Message, StringComparison.Ordinal);
        foreach (var key in new[] { Key, otherKey })
        {
            Assert.DoesNotContain(Convert.ToHexString(key), error.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(key), error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EncryptedArtifact_WithoutItsKey_FailsWithKeyNotFound()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var artifact = await Store(container, ArtifactCompression.Brotli, Keys("old", Key)).WriteAsync(SetId, Name, new MemoryStream(Content));

        var missingKey = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => Store(container, ArtifactCompression.Brotli, Keys("new", ArtifactTestContent.Key(5))).OpenReadAsync(SetId, artifact));
        var noProvider = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => Store(container, ArtifactCompression.Brotli, null).OpenReadAsync(SetId, artifact));

        Assert.Equal(ArtifactDecryptionFailure.KeyNotFound, missingKey.Failure);
        Assert.Equal(ArtifactDecryptionFailure.KeyNotFound, noProvider.Failure);
        Assert.Contains("'old'", missingKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedBlob_FailsWithArtifactNotFound()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = Store(container, ArtifactCompression.Brotli, null);
        var artifact = await store.WriteAsync(SetId, Name, new MemoryStream(Content));
        await container.GetBlobClient(artifact.BlobName).DeleteAsync();

        var error = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.OpenReadAsync(SetId, artifact));

        Assert.Contains(artifact.BlobName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RewritingAnArtifact_GoesToANewBlob_AndLeavesTheFirstIntact()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = Store(container, ArtifactCompression.Brotli, null);

        var first = await store.WriteAsync(SetId, Name, new MemoryStream(Content));
        var second = await store.WriteAsync(SetId, Name, new MemoryStream(Content[..1000]));

        Assert.NotEqual(first.BlobName, second.BlobName);
        Assert.Equal(Content, await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync(SetId, first)));
    }

    [Fact]
    public async Task LargeArtifact_IsStagedInBlocksOfTheConfiguredSize_AndCommittedAsOneBlob()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var transfer = new StorageTransferOptions { MaximumTransferSize = 256 * 1024, InitialTransferSize = 256 * 1024, MaximumConcurrency = 3 };
        var store = new ArtifactStore(container, new ArtifactStoreOptions { Compression = ArtifactCompression.None, UploadTransfer = transfer });

        var artifact = await store.WriteAsync(SetId, Name, new MemoryStream(Content));

        var blocks = (await container.GetBlockBlobClient(artifact.BlobName).GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.Equal((int)Math.Ceiling(artifact.StoredBytes / (256.0 * 1024)), blocks.CommittedBlocks.Count());
        Assert.All(blocks.CommittedBlocks.SkipLast(1), block => Assert.Equal(256 * 1024, block.SizeLong));
        Assert.Equal(Content, await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync(SetId, artifact)));
    }

    [Fact]
    public void UploadSettings_LeftUnset_TakeTheStoresBoundedDefaults_AndUnboundedOnesAreRefused()
    {
        var container = azurite.BlobService.GetBlobContainerClient("never-created");

        var partial = ArtifactStoreOptions.Bounded(new StorageTransferOptions { MaximumConcurrency = 2 });

        Assert.Equal(2, partial.MaximumConcurrency);
        Assert.Equal(ArtifactStoreOptions.DefaultUploadTransfer.MaximumTransferSize, partial.MaximumTransferSize);
        Assert.Equal(ArtifactStoreOptions.DefaultUploadTransfer.InitialTransferSize, partial.InitialTransferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArtifactStore(container, new ArtifactStoreOptions { UploadTransfer = new() { InitialTransferSize = 1L << 30 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArtifactStore(container, new ArtifactStoreOptions { UploadTransfer = new() { MaximumTransferSize = 1L << 30 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArtifactStore(container, new ArtifactStoreOptions { UploadTransfer = new() { MaximumConcurrency = 0 } }));
    }

    internal static StaticArtifactKeyProvider Keys(string keyId, byte[] key) =>
        new(new Dictionary<string, byte[]> { [keyId] = key }, keyId);

    private static ArtifactStore Store(BlobContainerClient container, ArtifactCompression compression, IArtifactKeyProvider? keys) =>
        new(container, new ArtifactStoreOptions { Compression = compression, KeyProvider = keys, EncryptionChunkSize = 256 * 1024 });
}
