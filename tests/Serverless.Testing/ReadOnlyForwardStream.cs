namespace Serverless.Testing;

/// <summary>
/// Base of the tests' read-only, forward-only streams (generated content, fault injection): implements
/// once what such a stream does not support, and counts the bytes read as <see cref="Position"/>. A
/// subclass only produces bytes, in <see cref="ReadCore"/>, and in <see cref="ReadCoreAsync"/> when
/// it has something to await itself.
/// </summary>
public abstract class ReadOnlyForwardStream : Stream
{
    private long position;

    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    /// <summary>Not supported, unless a subclass knows how long it is.</summary>
    public override long Length => throw new NotSupportedException();

    /// <summary>The number of bytes read so far; cannot be set.</summary>
    public sealed override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override int Read(Span<byte> buffer) => Advance(ReadCore(buffer));

    public sealed override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = ReadCoreAsync(buffer, cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<int>(Advance(pending.Result)) : AdvanceAsync(pending);
    }

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Fills the start of <paramref name="buffer"/> with the next bytes; returns how many, 0 at the end.</summary>
    /// <param name="buffer">Where the bytes go; <see cref="Position"/> is where they start in the stream.</param>
    protected abstract int ReadCore(Span<byte> buffer);

    /// <summary>Like <see cref="ReadCore"/>; by default it is <see cref="ReadCore"/>, completed at once.</summary>
    /// <param name="buffer">Where the bytes go; <see cref="Position"/> is where they start in the stream.</param>
    /// <param name="cancellationToken">Cancels what the read awaits.</param>
    protected virtual ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken) => new(ReadCore(buffer.Span));

    private int Advance(int count)
    {
        position += count;
        return count;
    }

    private async ValueTask<int> AdvanceAsync(ValueTask<int> pending) => Advance(await pending.ConfigureAwait(false));
}
