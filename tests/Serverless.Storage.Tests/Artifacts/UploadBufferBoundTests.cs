using Azure.Storage;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>
/// Uploads take their block buffers from the store's bounded pool: however many artifacts are written at once and
/// however large they are, the buffers held never exceed the pool, and a failed upload gives every buffer back.
/// </summary>
public sealed class UploadBufferBoundTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int BlockBytes = 64 * 1024;
    private const int Buffers = 3;

    [Fact]
    public async Task ManyConcurrentMultiBlockWrites_HoldAtMostThePoolsBuffers_AndReadBackAsWritten()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = Store(container);
        var contents = Enumerable.Range(1, 6).Select(i => ArtifactTestContent.Rows(1_000_000 + (i * 7_919), seed: i)).ToList();

        var artifacts = await Task.WhenAll(contents.Select((content, i) => Task.Run(() => store.WriteAsync("bounded", $"part-{i}", new TrickleStream(content)))));

        for (var i = 0; i < contents.Count; i++)
        {
            Assert.Equal(contents[i], await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync("bounded", artifacts[i])));
        }

        // Each artifact is 16 blocks; six of them at once wanted far more than three buffers.
        Assert.InRange(store.UploadBlocks.MostInUse, 1, Buffers);
        Assert.InRange(store.UploadBlocks.Allocated, 1, Buffers);
        Assert.Equal(0, store.UploadBlocks.InUse);
    }

    [Fact]
    public async Task WriteWhoseSourceFailsMidway_GivesEveryBufferBack_AndCommitsNothing()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = Store(container);
        var content = ArtifactTestContent.Rows(2_000_000);

        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync("failed", "part-0", new TrickleStream(content, failAfter: 700_000)));

        Assert.Equal(0, store.UploadBlocks.InUse);
        Assert.Empty(await ArtifactContainer.ListAsync(container, "failed/"));

        // The pool still serves a whole write afterwards.
        var artifact = await store.WriteAsync("failed", "part-1", new MemoryStream(content));
        Assert.Equal(content, await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync("failed", artifact)));
    }

    [Fact]
    public async Task PoolOfOneBuffer_StillUploadsAMultiBlockArtifact()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = new ArtifactStore(container, new ArtifactStoreOptions
        {
            Compression = ArtifactCompression.None,
            UploadTransfer = new StorageTransferOptions { MaximumTransferSize = BlockBytes, InitialTransferSize = BlockBytes, MaximumConcurrency = 4 },
            UploadBuffers = 1,
        });
        var content = ArtifactTestContent.Rows(500_000, seed: 5);

        var artifact = await store.WriteAsync("one", "part-0", new MemoryStream(content));

        Assert.Equal(content, await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync("one", artifact)));
        Assert.Equal(1, store.UploadBlocks.Allocated);
    }

    // No compression, so every content byte becomes a stored byte and the block count is known.
    private static ArtifactStore Store(Azure.Storage.Blobs.BlobContainerClient container) => new(container, new ArtifactStoreOptions
    {
        Compression = ArtifactCompression.None,
        UploadTransfer = new StorageTransferOptions { MaximumTransferSize = BlockBytes, InitialTransferSize = BlockBytes, MaximumConcurrency = 4 },
        UploadBuffers = Buffers,
    });

    /// <summary>Hands out its content in 10 KiB reads, like a pipe from a database would; optionally fails partway.</summary>
    private sealed class TrickleStream(byte[] content, int failAfter = int.MaxValue) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The source broke off.");
            }

            var n = Math.Min(Math.Min(buffer.Length, 10 * 1024), content.Length - _position);
            content.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
