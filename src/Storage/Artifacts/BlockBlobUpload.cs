using System.Buffers.Binary;
using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Uploads a stream of unknown length to a new block blob with buffers from an <see cref="UploadBlockPool"/>: content
/// that fits one buffer and <see cref="InitialTransferSize"/> goes up as one Put Blob; anything longer is staged block
/// by block, at most <see cref="Concurrency"/> blocks in flight, and committed with one Put Block List. Nothing is
/// visible under the blob's name before that commit, and the commit only creates the blob (If-None-Match: *).
/// </summary>
/// <remarks>
/// Every request that carries data sends the MD5 of its body (Content-MD5), so the service refuses a block that
/// arrived other than it was sent (400, Md5Mismatch): the write fails while its job can still be run again, rather than a
/// restore finding the damage through the artifact's SHA-256. It also decides what Azurite, our local storage, spends:
/// without a Content-MD5 it computes a CRC-64 of every staged block in JavaScript, one byte at a time (measured at about
/// 75 MB/s, 40 % of its CPU while storing a backup), where the MD5 it checks instead runs in OpenSSL at about 700 MB/s,
/// as ours does. bench/README.md ("storage" and "backup") has the figures.
/// </remarks>
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
                        var options = new BlobUploadOptions { HttpHeaders = headers, Conditions = create, TransferValidation = ContentMd5ComputedByClient };
                        await blob.UploadAsync(single, options, failed.Token).ConfigureAwait(false);
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
                    // The filled buffer is not in flight yet: a failed block must not take it down with it.
                    if (inFlight.Count >= Concurrency)
                    {
                        try
                        {
                            var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                            inFlight.Remove(done);
                            await done.ConfigureAwait(false);
                        }
                        catch
                        {
                            Pool.Return(buffer);
                            throw;
                        }
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
            var options = new BlockBlobStageBlockOptions { TransferValidation = ContentMd5(buffer, length) };
            await blob.StageBlockAsync(id, block, options, cancellationToken).ConfigureAwait(false);
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

    // MD5 here is a transfer checksum the service verifies, not a guard against anyone forging data (the artifact's
    // SHA-256 and, when encrypted, its AES-GCM tags are that).
#pragma warning disable CA5351
    private static UploadTransferValidationOptions ContentMd5(byte[] buffer, int length) => new()
    {
        ChecksumAlgorithm = StorageChecksumAlgorithm.MD5,
        PrecalculatedChecksum = MD5.HashData(buffer.AsSpan(0, length)),
    };
#pragma warning restore CA5351

    // The client refuses a precalculated checksum for an upload it might split into blocks, even when it will not.
    private static UploadTransferValidationOptions ContentMd5ComputedByClient { get; } = new() { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 };

    // Block ids must all have the same length within a blob; a fixed 8-byte counter, base64.
    private static string BlockId(long index)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, index);
        return Convert.ToBase64String(bytes);
    }
}
