using System.Text;
using Serverless.Testing;

namespace Serverless.MySql.Tests;

/// <summary>
/// A read-only stream that produces tab-separated rows <c>id\tpayload\n</c> on the fly, so a 100 MB upload needs no
/// file and no 100 MB buffer. Optionally fails after a number of bytes, to test an upload whose source breaks.
/// </summary>
internal sealed class GeneratedRowsStream(long rows, int payloadLength, long failAfterBytes = -1) : ReadOnlyForwardStream
{
    private readonly byte[] _payload = Encoding.ASCII.GetBytes(new string('x', payloadLength));
    private byte[] _pending = [];
    private int _pendingOffset;
    private long _nextRow = 1;

    public long BytesProduced => Position;

    /// <summary>Sum of the ids that the stream produces in total.</summary>
    public long ExpectedIdSum => rows * (rows + 1) / 2;

    protected override int ReadCore(Span<byte> buffer)
    {
        if (failAfterBytes >= 0 && Position >= failAfterBytes)
        {
            throw new IOException("The generated source failed on purpose.");
        }

        var written = 0;
        while (written < buffer.Length)
        {
            if (_pendingOffset == _pending.Length)
            {
                if (_nextRow > rows)
                {
                    break;
                }

                _pending = [.. Encoding.ASCII.GetBytes($"{_nextRow++}\t"), .. _payload, (byte)'\n'];
                _pendingOffset = 0;
            }

            var chunk = Math.Min(buffer.Length - written, _pending.Length - _pendingOffset);
            _pending.AsSpan(_pendingOffset, chunk).CopyTo(buffer[written..]);
            _pendingOffset += chunk;
            written += chunk;
        }

        return written;
    }
}
