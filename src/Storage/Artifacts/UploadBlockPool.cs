namespace Serverless.Storage.Artifacts;

/// <summary>
/// The block buffers every upload of one <see cref="ArtifactStore"/> shares: at most <see cref="Capacity"/> buffers of
/// <see cref="BlockSize"/> bytes, allocated on first need and kept for the store's life. An upload that needs a buffer
/// while all are in use waits for one, so the memory uploads hold is bounded by the pool, however many artifacts are
/// written at once and however large they are.
/// </summary>
/// <remarks>
/// The blob client's own staged upload rents its block buffers from the process-wide <c>ArrayPool</c>, which keeps
/// arrays returned on a thread in that thread's cache and per core: over a long backup the cached 8 MiB arrays added
/// up to hundreds of MB (the peak working set grew with the data). Buffers reused from a fixed set do not.
/// </remarks>
#pragma warning disable CA1001 // The semaphore's wait handle is never created, so it holds nothing to dispose; the pool lives as long as its store.
internal sealed class UploadBlockPool
#pragma warning restore CA1001
{
    private readonly Lock _lock = new();
    private readonly Stack<byte[]> _free = new();
    private readonly SemaphoreSlim _available;
    private int _allocated;
    private int _inUse;
    private int _mostInUse;

    /// <param name="blockSize">Bytes per buffer (the block size of staged uploads).</param>
    /// <param name="capacity">Buffers at most.</param>
    public UploadBlockPool(int blockSize, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        BlockSize = blockSize;
        Capacity = capacity;
        _available = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>Bytes per buffer.</summary>
    public int BlockSize { get; }

    /// <summary>Buffers at most, in use or free.</summary>
    public int Capacity { get; }

    /// <summary>Buffers allocated so far (never more than <see cref="Capacity"/>).</summary>
    public int Allocated
    {
        get
        {
            lock (_lock)
            {
                return _allocated;
            }
        }
    }

    /// <summary>Buffers in use now.</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    /// <summary>The most buffers that were in use at once since the pool was created.</summary>
    public int MostInUse
    {
        get
        {
            lock (_lock)
            {
                return _mostInUse;
            }
        }
    }

    /// <summary>Takes a buffer, waiting while all are in use; give it back with <see cref="Return"/>.</summary>
    public async Task<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _inUse++;
            _mostInUse = Math.Max(_mostInUse, _inUse);
            if (_free.TryPop(out var buffer))
            {
                return buffer;
            }

            _allocated++;
        }

        return GC.AllocateUninitializedArray<byte>(BlockSize);
    }

    /// <summary>Gives back a buffer taken with <see cref="RentAsync"/>.</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_lock)
        {
            _inUse--;
            _free.Push(buffer);
        }

        _available.Release();
    }
}
