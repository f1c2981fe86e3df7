using System.Security.Cryptography;
using Serverless.Testing;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>
/// A read-only stream of <c>length</c> bytes of row-like text made on the fly (random digits in tab-separated
/// fields, a newline every 190 bytes: it compresses to about half, like table data, and needs no memory),
/// hashing what it hands out.
/// </summary>
internal sealed class RandomRowStream(long length, int seed = 7) : ReadOnlyForwardStream
{
    private const int RowBytes = 190;
    private const int FieldBytes = 12;

    private readonly Random _random = new(seed);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>SHA-256 (lowercase hex) of everything read; call after the end.</summary>
    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override long Length => length;

    protected override int ReadCore(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - Position);
        var output = buffer[..n];
        _random.NextBytes(output);
        for (var i = 0; i < output.Length; i++)
        {
            var at = Position + i;
            output[i] = (at % RowBytes) == RowBytes - 1 ? (byte)'\n'
                : (at % FieldBytes) == FieldBytes - 1 ? (byte)'\t'
                : (byte)('0' + (output[i] % 10));
        }

        _hash.AppendData(output);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
