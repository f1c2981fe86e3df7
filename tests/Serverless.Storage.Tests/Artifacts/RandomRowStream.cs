using System.Security.Cryptography;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>
/// A read-only stream of <c>length</c> bytes of row-like text made on the fly (random digits in tab-separated
/// fields, a newline every 190 bytes: it compresses to about half, like table data, and needs no memory),
/// hashing what it hands out.
/// </summary>
internal sealed class RandomRowStream(long length, int seed = 7) : Stream
{
    private const int RowBytes = 190;
    private const int FieldBytes = 12;

    private readonly Random _random = new(seed);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    /// <summary>SHA-256 (lowercase hex) of everything read; call after the end.</summary>
    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        var output = buffer[..n];
        _random.NextBytes(output);
        for (var i = 0; i < output.Length; i++)
        {
            var at = _position + i;
            output[i] = (at % RowBytes) == RowBytes - 1 ? (byte)'\n'
                : (at % FieldBytes) == FieldBytes - 1 ? (byte)'\t'
                : (byte)('0' + (output[i] % 10));
        }

        _hash.AppendData(output);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

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
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
