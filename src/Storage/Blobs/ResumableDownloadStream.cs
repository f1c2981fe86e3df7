using Azure.Core;

namespace Serverless.Storage.Blobs;

/// <summary>
/// The body of a Get Blob response that, when the connection fails mid-body, asks for the
/// remaining bytes again (a ranged read with <c>If-Match</c> on the ETag of the first response)
/// and carries on where it stopped. Read-only, forward-only.
/// </summary>
internal sealed class ResumableDownloadStream : Stream
{
    /// <summary>Opens the body from absolute blob offset <c>offset</c> to the end of the download, conditioned on the original ETag.</summary>
    public delegate ValueTask<Stream> RangeOpener(long offset, bool async, CancellationToken cancellationToken);

    private readonly RangeOpener reopen;
    private readonly long start;
    private readonly long length;
    private readonly RetryOptions retry;
    private Stream body;
    private long position;
    private int resumptions;

    /// <param name="body">The body of the first response.</param>
    /// <param name="start">Blob offset of the first byte of <paramref name="body"/>.</param>
    /// <param name="length">Number of bytes the download yields.</param>
    /// <param name="reopen">Opens the rest after a failure.</param>
    /// <param name="retry">How often to resume (<see cref="RetryOptions.MaxRetries"/>) and how long to wait before each.</param>
    public ResumableDownloadStream(Stream body, long start, long length, RangeOpener reopen, RetryOptions retry)
    {
        this.body = body;
        this.start = start;
        this.length = length;
        this.reopen = reopen;
        this.retry = retry;
    }

    /// <summary>How many times the stream resumed after a failure; for tests and diagnostics.</summary>
    public int Resumptions => resumptions;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("Blob download streams cannot seek; BlobDownload.ContentLength holds the length.");

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException("Blob download streams cannot seek.");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, async: true, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), async: true, cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        // With async: false every await inside completes synchronously (the Azure SDK's
        // sync-over-one-code-path pattern), so this does not block on asynchronous work.
        var read = ReadCoreAsync(buffer.AsMemory(offset, count), async: false, CancellationToken.None);
        return read.IsCompleted ? read.GetAwaiter().GetResult() : throw new InvalidOperationException("A synchronous read did not complete synchronously.");
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Blob download streams cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("Blob download streams are read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Blob download streams are read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await body.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        var remaining = length - position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }

        while (true)
        {
            try
            {
                var read = async
                    ? await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
                    : body.Read(buffer.Span);
                if (read == 0)
                {
                    throw new IOException($"The blob body ended after {position} of {length} bytes.");
                }

                position += read;
                return read;
            }
            catch (Exception e) when (BlobRestPipeline.IsTransportFailure(e, cancellationToken) && resumptions < retry.MaxRetries)
            {
                resumptions++;
                // Release the broken connection before opening the next one.
                if (async)
                {
                    await body.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    body.Dispose();
                }

                body = Stream.Null;
                var delay = Backoff(resumptions);
                if (async)
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Thread.Sleep(delay);
                }

                body = await reopen(start + position, async, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = retry.Mode == RetryMode.Fixed ? retry.Delay : retry.Delay * Math.Pow(2, attempt - 1);
        return delay < retry.MaxDelay ? delay : retry.MaxDelay;
    }
}
