using Azure.Core;
using Azure.Core.Pipeline;
using Serverless.Testing;

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

    private sealed class FailingStream(Stream inner, long failAfter) : ReadOnlyForwardStream
    {
        protected override int ReadCore(Span<byte> buffer) => inner.Read(buffer[..Allowed(buffer.Length)]);

        protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);

        /// <summary>How much of a read of <paramref name="wanted"/> bytes may still pass; throws once the body is cut.</summary>
        private int Allowed(int wanted) => Position < failAfter
            ? (int)Math.Min(wanted, failAfter - Position)
            : throw new IOException("Injected fault: the connection was reset mid-body.");

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
