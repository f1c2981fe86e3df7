using System.Text;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>The artifact format on plain streams: no storage account needed.</summary>
public sealed class ArtifactCodecTests
{
    private const string KeyId = "backup-key-2024";
    private const int ChunkSize = 64 * 1024;
    private static readonly byte[] Key = ArtifactTestContent.Key(1);
    private static readonly byte[] Content = ArtifactTestContent.Rows(300_000);

    [Theory]
    [MemberData(nameof(ArtifactTestContent.EveryCompressionWithAndWithoutEncryption), MemberType = typeof(ArtifactTestContent))]
    public async Task Decode_GivesBackTheContent(ArtifactCompression compression, bool encrypted)
    {
        var (stored, artifact) = Encode(Content, compression, encrypted);

        var decoded = await InMemoryArtifact.DecodeAsync(stored, artifact, encrypted ? Key : null);

        Assert.Equal(Content, decoded);
        Assert.Equal(Content.Length, artifact.OriginalBytes);
        Assert.Equal(stored.Length, artifact.StoredBytes);
        Assert.Equal(ArtifactTestContent.Sha256(stored), artifact.Sha256);
        if (compression != ArtifactCompression.None)
        {
            Assert.True(stored.Length < Content.Length * 0.8, $"{compression} stored {stored.Length} of {Content.Length} bytes.");
        }

        if (encrypted)
        {
            // Neither the plaintext nor its compressed form may show through.
            Assert.Equal(-1, stored.AsSpan().IndexOf(Content.AsSpan(0, 64)));
        }
    }

    [Theory]
    [MemberData(nameof(ArtifactTestContent.EveryCompressionWithAndWithoutEncryption), MemberType = typeof(ArtifactTestContent))]
    public async Task EmptyContent_RoundTrips(ArtifactCompression compression, bool encrypted)
    {
        var (stored, artifact) = Encode([], compression, encrypted);

        Assert.Empty(await InMemoryArtifact.DecodeAsync(stored, artifact, encrypted ? Key : null));
        Assert.Equal(0, artifact.OriginalBytes);
    }

    [Fact]
    public async Task EncryptedContentOfWholeChunks_EndsWithAnEmptyFinalChunk_AndRoundTrips()
    {
        var content = ArtifactTestContent.Rows(2 * ChunkSize);

        var (stored, artifact) = Encode(content, ArtifactCompression.None, encrypted: true);

        var header = 75 + Encoding.UTF8.GetByteCount(KeyId);
        Assert.Equal(header + (2 * (ChunkSize + 16)) + 16, stored.Length);
        Assert.Equal(content, await InMemoryArtifact.DecodeAsync(stored, artifact, Key));
    }

    [Theory]
    [InlineData(ArtifactCompression.Brotli, true)]
    [InlineData(ArtifactCompression.Gzip, false)]
    public void SynchronousReads_RoundTrip(ArtifactCompression compression, bool encrypted)
    {
        var (stored, artifact) = Encode(Content, compression, encrypted);

        using var decoding = InMemoryArtifact.OpenRead(stored, artifact, encrypted ? Key : null);
        using var decoded = new MemoryStream();
        decoding.CopyTo(decoded, 7_000);

        Assert.Equal(Content, decoded.ToArray());
    }

    [Theory]
    [InlineData(ArtifactCompression.None, 0.0)]
    [InlineData(ArtifactCompression.None, 0.5)]
    [InlineData(ArtifactCompression.Gzip, 0.0)]
    [InlineData(ArtifactCompression.Gzip, 0.5)]
    [InlineData(ArtifactCompression.Gzip, 1.0)]
    [InlineData(ArtifactCompression.Brotli, 0.0)]
    [InlineData(ArtifactCompression.Brotli, 0.5)]
    [InlineData(ArtifactCompression.Brotli, 1.0)]
    public async Task FlippedStoredByte_InAnUnencryptedArtifact_FailsWithChecksumMismatch(ArtifactCompression compression, double where)
    {
        var (stored, artifact) = Encode(Content, compression, encrypted: false);
        stored[(int)(where * (stored.Length - 1))] ^= 0x01;

        var error = await Assert.ThrowsAsync<ArtifactChecksumMismatchException>(() => InMemoryArtifact.DecodeAsync(stored, artifact));

        Assert.Equal(InMemoryArtifact.SetId, error.SetId);
        Assert.Equal(InMemoryArtifact.Name, error.ArtifactName);
        Assert.Contains($"'{InMemoryArtifact.Name}' of set '{InMemoryArtifact.SetId}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(artifact.Sha256, error.ExpectedSha256);
        Assert.Equal(ArtifactTestContent.Sha256(stored), error.ActualSha256);
    }

    [Fact]
    public async Task FlippedCiphertextByte_FailsAuthenticationOfItsChunk()
    {
        var (stored, artifact) = Encode(Content, ArtifactCompression.None, encrypted: true);
        var header = 75 + Encoding.UTF8.GetByteCount(KeyId);
        stored[header + ChunkSize + 16 + 100] ^= 0x80;

        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => InMemoryArtifact.DecodeAsync(stored, artifact, Key));

        Assert.Equal(ArtifactDecryptionFailure.ChunkAuthenticationFailed, error.Failure);
        Assert.Equal(1, error.ChunkIndex);
        Assert.Equal(InMemoryArtifact.Name, error.ArtifactName);
        Assert.Contains(InMemoryArtifact.SetId, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TruncatedStoredBytes_FailWithChecksumMismatch(bool encrypted)
    {
        var (stored, artifact) = Encode(Content, ArtifactCompression.Brotli, encrypted);

        var error = await Assert.ThrowsAsync<ArtifactChecksumMismatchException>(() => InMemoryArtifact.DecodeAsync(stored[..^100], artifact, encrypted ? Key : null));

        Assert.Equal(artifact.StoredBytes, error.ExpectedStoredBytes);
        Assert.Equal(stored.Length - 100, error.ActualStoredBytes);
    }

    [Fact]
    public async Task SurplusStoredBytes_FailWithChecksumMismatch()
    {
        var (stored, artifact) = Encode(Content, ArtifactCompression.Gzip, encrypted: false);

        await Assert.ThrowsAsync<ArtifactChecksumMismatchException>(() => InMemoryArtifact.DecodeAsync([.. stored, 0x1f, 0x8b], artifact));
    }

    [Fact]
    public async Task ReorderedChunks_FailAuthentication_EvenWhenTheManifestIsRewrittenToMatch()
    {
        var (stored, artifact) = Encode(Content, ArtifactCompression.None, encrypted: true);
        var header = 75 + Encoding.UTF8.GetByteCount(KeyId);
        var sealedChunk = ChunkSize + 16;
        var first = stored.AsSpan(header, sealedChunk).ToArray();
        stored.AsSpan(header + sealedChunk, sealedChunk).CopyTo(stored.AsSpan(header));
        first.CopyTo(stored.AsSpan(header + sealedChunk));

        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => InMemoryArtifact.DecodeAsync(stored, InMemoryArtifact.Rehashed(artifact, stored), Key));

        Assert.Equal(0, error.ChunkIndex);
    }

    [Fact]
    public async Task DroppedFinalChunk_FailsAuthentication_EvenWhenTheManifestIsRewrittenToMatch()
    {
        var content = ArtifactTestContent.Rows((3 * ChunkSize) + 1000);
        var (stored, artifact) = Encode(content, ArtifactCompression.None, encrypted: true);
        var cut = stored[..^(1000 + 16)];

        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => InMemoryArtifact.DecodeAsync(cut, InMemoryArtifact.Rehashed(artifact, cut), Key));

        Assert.Equal(ArtifactDecryptionFailure.ChunkAuthenticationFailed, error.Failure);
        Assert.Equal(3, error.ChunkIndex);
    }

    [Fact]
    public async Task AlteredHeader_FailsAuthentication_EvenWhenTheManifestIsRewrittenToMatch()
    {
        var (stored, artifact) = Encode(Content, ArtifactCompression.Brotli, encrypted: true);
        stored[20] ^= 0x01; // a byte of the salt: the key commitment no longer matches

        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => InMemoryArtifact.DecodeAsync(stored, InMemoryArtifact.Rehashed(artifact, stored), Key));

        Assert.Equal(ArtifactDecryptionFailure.WrongKey, error.Failure);
    }

    [Fact]
    public async Task WrongKey_FailsWithWrongKey_NamingTheArtifactAndKeyId()
    {
        var (stored, artifact) = Encode(Content, ArtifactCompression.Brotli, encrypted: true);
        var otherKey = ArtifactTestContent.Key(2);

        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => InMemoryArtifact.DecodeAsync(stored, artifact, otherKey));

        Assert.Equal(ArtifactDecryptionFailure.WrongKey, error.Failure);
        Assert.Equal(KeyId, error.KeyId);
        Assert.Contains($"'{InMemoryArtifact.Name}' of set '{InMemoryArtifact.SetId}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{KeyId}'", error.Message, StringComparison.Ordinal);
        AssertNoKeyMaterial(error, Key, otherKey);
    }

    [Fact]
    public async Task FinalRead_ThrowsInsteadOfReturningZero_WhenTheHashDiffers_AndKeepsThrowing()
    {
        var (stored, artifact) = Encode(Content, ArtifactCompression.Gzip, encrypted: false);
        var wrong = artifact with { Sha256 = new string('0', 64) };
        await using var decoding = InMemoryArtifact.OpenRead(stored, wrong);
        var buffer = new byte[4096];
        long total = 0;

        var error = await Assert.ThrowsAsync<ArtifactChecksumMismatchException>(async () =>
        {
            while (true)
            {
                var n = await decoding.ReadAsync(buffer);
                Assert.NotEqual(0, n);
                total += n;
            }
        });

        Assert.Equal(Content.Length, total);
        Assert.Same(error, await Assert.ThrowsAsync<ArtifactChecksumMismatchException>(async () => { _ = await decoding.ReadAsync(buffer.AsMemory(0, 1)); }));
    }

    [Fact]
    public void Encoding_ReadsTheSourceAsItGoes_WithBoundedMemory()
    {
        const long length = 64L * 1024 * 1024;
        using var source = new RandomRowStream(length);
        using var encoding = new ArtifactEncodingStream(source, ArtifactCompression.Brotli, KeyId, Key, ArtifactStoreOptions.DefaultEncryptionChunkSize);
        var buffer = new byte[256 * 1024];

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(encoding.Read(buffer) > 0);
        var readForFirstBytes = source.Position;
        while (encoding.Read(buffer) > 0)
        {
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(length, encoding.OriginalBytes);
        Assert.True(readForFirstBytes < 4 * 1024 * 1024, $"The first stored bytes came after reading {readForFirstBytes:N0} source bytes.");
        Assert.True(allocated < 16 * 1024 * 1024, $"Encoding 64 MiB allocated {allocated:N0} bytes.");
    }

    private static (byte[] Stored, ArtifactDescriptor Artifact) Encode(byte[] content, ArtifactCompression compression, bool encrypted) =>
        encrypted
            ? InMemoryArtifact.Encode(content, compression, KeyId, Key, ChunkSize)
            : InMemoryArtifact.Encode(content, compression);

    private static void AssertNoKeyMaterial(Exception error, params byte[][] keys)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            var text = e.ToString();
            foreach (var key in keys)
            {
                Assert.DoesNotContain(Convert.ToHexString(key), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(key), text, StringComparison.Ordinal);
            }
        }
    }
}
