using System.Security.Cryptography;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Reads an artifact's stored bytes, hashing and counting them, and at their end compares length and SHA-256
/// with the descriptor: the read that reaches the end throws <see cref="ArtifactChecksumMismatchException"/>
/// instead of returning 0 when they differ. A blob longer than recorded fails as soon as the surplus arrives.
/// </summary>
internal sealed class StoredBytesVerifyingStream(Stream stored, string setId, ArtifactDescriptor artifact) : ReadOnlyTransformStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _count;
    private bool _verified;

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty || _verified)
        {
            return 0;
        }

        var n = await ReadInnerAsync(stored, buffer, useAsync, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            _count += n;
            if (_count > artifact.StoredBytes)
            {
                throw new ArtifactChecksumMismatchException(setId, artifact.Name, artifact.StoredBytes, _count, artifact.Sha256, actualSha256: null);
            }

            _hash.AppendData(buffer.Span[..n]);
            return n;
        }

        var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (_count != artifact.StoredBytes || !string.Equals(sha256, artifact.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArtifactChecksumMismatchException(setId, artifact.Name, artifact.StoredBytes, _count, artifact.Sha256, sha256);
        }

        _verified = true;
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            stored.Dispose();
        }

        base.Dispose(disposing);
    }
}
