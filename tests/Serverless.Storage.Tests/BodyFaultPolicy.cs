using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Storage.Tests;

/// <summary>
/// Breaks the body of the first successful GET response (whole or ranged) once: reading past <c>failAfter</c> bytes throws
/// an <see cref="IOException"/>, as a reset connection would.
/// </summary>
internal sealed class BodyFaultPolicy(long failAfter) : HttpPipelinePolicy
{
    private int armed = 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        BreakFirstBody(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        BreakFirstBody(message);
    }

    private void BreakFirstBody(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get && message.Response.Status is 200 or 206 && Interlocked.Exchange(ref armed, 0) == 1)
        {
            message.Response.ContentStream = new FailingStream(message.Response.ContentStream!, failAfter);
        }
    }

    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position >= failAfter)
            {
                throw new IOException("Injected fault: the connection was reset mid-body.");
            }

            var read = inner.Read(buffer, offset, (int)Math.Min(count, failAfter - position));
            position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position >= failAfter)
            {
                throw new IOException("Injected fault: the connection was reset mid-body.");
            }

            var allowed = (int)Math.Min(buffer.Length, failAfter - position);
            var read = await inner.ReadAsync(buffer[..allowed], cancellationToken);
            position += read;
            return read;
        }

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
    }
}
