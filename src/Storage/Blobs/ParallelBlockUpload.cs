using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Storage.Blobs;

/// <summary>
/// One run of <see cref="BlobContainerClient.UploadAsync"/>: reads the source stream block by
/// block, stages up to <c>maxConcurrency</c> blocks at once, and commits them in order. Memory
/// is bounded by <c>maxConcurrency</c> buffers of <c>blockSize</c> bytes, reused across blocks.
/// </summary>
internal sealed class ParallelBlockUpload
{
    private readonly BlobContainerClient container;
    private readonly string blobName;
    private readonly BlobWriteOptions? options;
    private readonly int blockSize;
    private readonly int maxConcurrency;
    private readonly Stack<byte[]> freeBuffers = new();

    // Block ids must all have the same length within a blob. A random part per upload keeps two
    // concurrent uploads to the same name from committing each other's blocks.
    private readonly string uploadId = RandomNumberGenerator.GetHexString(16, lowercase: true);

    public ParallelBlockUpload(BlobContainerClient container, string blobName, BlobWriteOptions? options, int blockSize, int maxConcurrency)
    {
        this.container = container;
        this.blobName = blobName;
        this.options = options;
        this.blockSize = blockSize;
        this.maxConcurrency = maxConcurrency;
    }

    public async Task<BlobProperties> RunAsync(Stream content, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(maxConcurrency);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var blockIds = new List<string>();
        var staging = new List<Task>();
        long length = 0;
        ExceptionDispatchInfo? sourceFailure = null;
        try
        {
            while (true)
            {
                await slots.WaitAsync(abort.Token).ConfigureAwait(false);
                var buffer = RentBuffer();
                int filled;
                try
                {
                    filled = await FillAsync(content, buffer, abort.Token).ConfigureAwait(false);
                }
                catch
                {
                    ReturnBuffer(buffer);
                    slots.Release();
                    throw;
                }

                if (blockIds.Count == 0 && filled < blockSize)
                {
                    // Everything fits into one block: a single Put Blob is cheaper and atomic anyway.
                    try
                    {
                        return await container.PutBlobAsync(blobName, buffer.AsMemory(0, filled), options, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        ReturnBuffer(buffer);
                        slots.Release();
                    }
                }

                if (filled == 0)
                {
                    ReturnBuffer(buffer);
                    slots.Release();
                    break;
                }

                if (blockIds.Count == BlobContainerClient.MaxBlocks)
                {
                    ReturnBuffer(buffer);
                    slots.Release();
                    throw new ArgumentException(
                        $"The content for blob '{blobName}' needs more than {BlobContainerClient.MaxBlocks} blocks of {blockSize} bytes; upload it with a larger BlobWriteOptions.BlockSize.",
                        nameof(content));
                }

                var blockId = BlockId(blockIds.Count);
                blockIds.Add(blockId);
                length += filled;
                staging.Add(StageAsync(blockId, buffer, filled, slots, abort));
                if (filled < blockSize)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A block failed and cancelled the others; its exception is thrown below.
        }
        catch (Exception e)
        {
            // The source stream failed (or the caller cancelled): stop the blocks in flight.
            sourceFailure = ExceptionDispatchInfo.Capture(e);
            await abort.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(staging).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        sourceFailure?.Throw();
        var blockFailure = staging
            .Where(task => task.IsFaulted)
            .Select(task => task.Exception!.InnerException!)
            .FirstOrDefault(e => e is not OperationCanceledException);
        if (blockFailure is not null)
        {
            ExceptionDispatchInfo.Throw(blockFailure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await container.PutBlockListAsync(blobName, blockIds, length, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task StageAsync(string blockId, byte[] buffer, int length, SemaphoreSlim slots, CancellationTokenSource abort)
    {
        try
        {
            await container.PutBlockAsync(blobName, blockId, buffer.AsMemory(0, length), abort.Token).ConfigureAwait(false);
        }
        catch
        {
            await abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ReturnBuffer(buffer);
            slots.Release();
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}-{index:D6}"));

    private byte[] RentBuffer()
    {
        lock (freeBuffers)
        {
            if (freeBuffers.TryPop(out var buffer))
            {
                return buffer;
            }
        }

        return GC.AllocateUninitializedArray<byte>(blockSize);
    }

    private void ReturnBuffer(byte[] buffer)
    {
        lock (freeBuffers)
        {
            freeBuffers.Push(buffer);
        }
    }
}
