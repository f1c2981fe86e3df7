namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Passes a chunk's LOAD DATA text through and reports rows as they go by: every raw newline ends a row,
/// since newlines inside values are escaped. Reads of <paramref name="inner"/> stop with
/// <paramref name="cancellationToken"/>, since MySqlConnector reads a LOAD DATA source without a token.
/// </summary>
internal sealed class RowCountingStream(Stream inner, SnapshotProgressTracker tracker, CancellationToken cancellationToken) : Stream
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

    public override int Read(byte[] buffer, int offset, int count)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Count(inner.Read(buffer, offset, count), buffer.AsSpan(offset));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken readCancellation = default)
    {
        if (!readCancellation.CanBeCanceled)
        {
            return Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Span);
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, readCancellation);
        return Count(await inner.ReadAsync(buffer, both.Token).ConfigureAwait(false), buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken readCancellation) =>
        ReadAsync(buffer.AsMemory(offset, count), readCancellation).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Count(int read, ReadOnlySpan<byte> buffer)
    {
        if (read > 0)
        {
            tracker.Add(buffer[..read].Count((byte)'\n'), read);
        }

        return read;
    }
}
