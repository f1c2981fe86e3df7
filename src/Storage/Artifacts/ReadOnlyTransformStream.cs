using System.Buffers;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Base of the artifact pipeline's read-only, forward-only streams. A subclass implements reading once, as
/// <see cref="ReadCoreAsync"/>: with <c>useAsync: false</c> it makes only synchronous calls, so the task has
/// completed when it returns and the synchronous <c>Read</c> takes its result without blocking on anything.
/// </summary>
internal abstract class ReadOnlyTransformStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var pending = ReadCoreAsync(rented.AsMemory(0, buffer.Length), useAsync: false, CancellationToken.None);
            if (!pending.IsCompleted)
            {
                throw new InvalidOperationException("A synchronous artifact read awaited an asynchronous operation.");
            }

            var n = pending.GetAwaiter().GetResult();
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: true, cancellationToken).AsTask();

    public sealed override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, useAsync: true, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads up to <paramref name="buffer"/>'s length; 0 only at the (verified) end.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="useAsync">Whether to call the inner streams' asynchronous or synchronous methods.</param>
    /// <param name="cancellationToken">Cancels an asynchronous read.</param>
    protected abstract ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken);

    /// <summary>One read of <paramref name="inner"/>, asynchronous or not as <paramref name="useAsync"/> says.</summary>
    protected static ValueTask<int> ReadInnerAsync(Stream inner, Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken) =>
        useAsync ? inner.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(inner.Read(buffer.Span));
}
