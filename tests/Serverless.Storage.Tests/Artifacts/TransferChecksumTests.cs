using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Serverless.Storage.Accounts;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>
/// Every upload request of an artifact carries the MD5 of its body, which the service verifies: a body changed between
/// the store and the service is refused while the upload runs, and nothing is committed.
/// </summary>
public sealed class TransferChecksumTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int BlockBytes = 64 * 1024;

    [Theory]
    [InlineData(10_000)] // one Put Blob
    [InlineData(300_000)] // staged blocks
    public async Task BodyChangedOnTheWay_IsRefusedByTheService_AndNothingIsCommitted(int contentBytes)
    {
        var corrupter = new BodyCorruptingPolicy();
        var service = BlobServiceClientFactory.Create(
            new StorageAccountOptions { ConnectionString = azurite.ConnectionString },
            configure: options => options.AddPolicy(corrupter, HttpPipelinePosition.PerRetry));
        var created = await ArtifactContainer.CreateAsync(azurite);
        var container = service.GetBlobContainerClient(created.Name);
        var store = new ArtifactStore(container, new ArtifactStoreOptions
        {
            Compression = ArtifactCompression.None,
            UploadTransfer = new StorageTransferOptions { MaximumTransferSize = BlockBytes, InitialTransferSize = BlockBytes, MaximumConcurrency = 2 },
        });
        var content = ArtifactTestContent.Rows(contentBytes, seed: 3);

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => store.WriteAsync("damaged", "part-0", new MemoryStream(content)));

        Assert.Equal(1, corrupter.Corrupted);
        Assert.Equal("Md5Mismatch", refused.ErrorCode);
        Assert.Empty(await ArtifactContainer.ListAsync(created, "damaged/"));
        Assert.Equal(0, store.UploadBlocks.InUse);

        // The same write through an undamaged pipeline succeeds: the checksum is the body's own.
        var artifact = await new ArtifactStore(created, store.Options).WriteAsync("damaged", "part-1", new MemoryStream(content));
        Assert.Equal(content, await ArtifactContainer.ReadAllAsync(await store.OpenReadAsync("damaged", artifact)));
    }

    /// <summary>Flips one byte in the body of the first PUT that carries data, after the client has computed its checksum.</summary>
    private sealed class BodyCorruptingPolicy : HttpPipelinePolicy
    {
        private int _corrupted;

        public int Corrupted => Volatile.Read(ref _corrupted);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Corrupt(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Corrupt(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Corrupt(HttpMessage message)
        {
            var request = message.Request;
            if (request.Method != RequestMethod.Put || request.Content is not { } content || !request.Uri.Path.Contains("/damaged/", StringComparison.Ordinal))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _corrupted, 1, 0) != 0)
            {
                return;
            }

            using var body = new MemoryStream();
            content.WriteTo(body, CancellationToken.None);
            var bytes = body.ToArray();
            bytes[bytes.Length / 2] ^= 0x20;
            request.Content = RequestContent.Create(bytes);
        }
    }
}
