using System.Buffers.Binary;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Uploads a stream of unknown length to a new block blob with buffers from an <see cref="UploadBlockPool"/>: content
/// that fits one buffer and <see cref="InitialTransferSize"/> goes up as one Put Blob; anything longer is staged block
/// by block, at most <see cref="Concurrency"/> blocks in flight, and committed with one Put Block List. Nothing is
/// visible under the blob's name before that commit, and the commit only creates the blob (If-None-Match: *).
/// </summary>
internal sealed class BlockBlobUpload
{
    /// <param name="pool">Where block buffers come from (and go back to).</param>
    /// <param name="concurrency">Blocks of this upload in flight at once.</param>
    /// <param name="initialTransferSize">Largest content sent as one Put Blob.</param>
    public BlockBlobUpload(UploadBlockPool pool, int concurrency, long initialTransferSize)
    {
        Pool = pool;
        Concurrency = concurrency;
        InitialTransferSize = initialTransferSize;
    }

    public UploadBlockPool Pool { get; }

    public int Concurrency { get; }

    public long InitialTransferSize { get; }

    /// <summary>Reads <paramref name="content"/> to its end and uploads it to <paramref name="blob"/>, which must not exist yet.</summary>
    /// <exception cref="RequestFailedException">A request failed after the client's retries; no blob was committed.</exception>
    public async Task UploadAsync(BlockBlobClient blob, Stream content, BlobHttpHeaders headers, CancellationToken cancellationToken)
    {
        var create = new BlobRequestConditions { IfNoneMatch = ETag.All };
        var ids = new List<string>();
        var inFlight = new List<Task>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                var buffer = await Pool.RentAsync(failed.Token).ConfigureAwait(false);
                int filled;
                bool ended;
                try
                {
                    (filled, ended) = await FillAsync(content, buffer, failed.Token).ConfigureAwait(false);
                    if (ids.Count == 0 && ended && filled <= InitialTransferSize)
                    {
                        using var single = new MemoryStream(buffer, 0, filled, writable: false);
                        await blob.UploadAsync(single, new BlobUploadOptions { HttpHeaders = headers, Conditions = create }, failed.Token).ConfigureAwait(false);
                        Pool.Return(buffer);
                        return;
                    }
                }
                catch
                {
                    Pool.Return(buffer);
                    throw;
                }

                if (filled == 0)
                {
                    Pool.Return(buffer);
                }
                else
                {
                    // At most Concurrency blocks in flight: wait for one to finish (and fail with it) before adding another.
                    if (inFlight.Count >= Concurrency)
                    {
                        var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                        inFlight.Remove(done);
                        await done.ConfigureAwait(false);
                    }

                    var id = BlockId(ids.Count);
                    ids.Add(id);
                    inFlight.Add(StageAsync(blob, id, buffer, filled, failed.Token));
                }

                if (ended)
                {
                    break;
                }
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
            inFlight.Clear();
            await blob.CommitBlockListAsync(ids, new CommitBlockListOptions { HttpHeaders = headers, Conditions = create }, failed.Token).ConfigureAwait(false);
        }
        catch
        {
            // Stop the other blocks and wait for them, so that every buffer is back in the pool before the failure surfaces.
            await failed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    private async Task StageAsync(BlockBlobClient blob, string id, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            // A seekable stream over the buffer: the client's retry policy can resend the block.
            using var block = new MemoryStream(buffer, 0, length, writable: false);
            await blob.StageBlockAsync(id, block, options: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Pool.Return(buffer);
        }
    }

    private static async Task<(int Filled, bool Ended)> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return (filled, true);
            }

            filled += n;
        }

        return (filled, false);
    }

    // Block ids must all have the same length within a blob; a fixed 8-byte counter, base64.
    private static string BlockId(long index)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, index);
        return Convert.ToBase64String(bytes);
    }
}
