using System.Buffers;
using System.Security.Cryptography;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Reads a source stream and gives back the artifact's stored bytes: compressed, then (with a key) encrypted
/// in chunks. It pulls from the source only as fast as the uploader reads, holding one source block and at
/// most one encrypted chunk, so an artifact of any size passes through bounded memory. It hashes the bytes it
/// hands out; after the reader has seen the end, <see cref="IsComplete"/> is true and the counts and SHA-256
/// describe exactly what was read.
/// </summary>
internal sealed class ArtifactEncodingStream : ReadOnlyTransformStream
{
    private const int SourceBlockBytes = 128 * 1024;

    private readonly Stream _source;
    private readonly ArtifactCompression _compression;
    private readonly string? _keyId;
    private readonly int _chunkSize;
    private readonly PendingOutput _pending = new();
    private readonly ChunkEncryptingStream? _encryptor;
    private readonly Stream _compressor;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _block = ArrayPool<byte>.Shared.Rent(SourceBlockBytes);
    private bool _sourceEnded;
    private string? _sha256;

    /// <param name="source">The artifact's content; read to its end, left open.</param>
    /// <param name="compression">How to compress it.</param>
    /// <param name="keyId">The provider key's id when encrypting; null for no encryption.</param>
    /// <param name="providerKey">The provider key when encrypting; not kept.</param>
    /// <param name="chunkSize">Plaintext bytes per encrypted chunk.</param>
    public ArtifactEncodingStream(Stream source, ArtifactCompression compression, string? keyId, ReadOnlySpan<byte> providerKey, int chunkSize)
    {
        _source = source;
        _compression = compression;
        _keyId = keyId;
        _chunkSize = chunkSize;
        if (keyId is not null)
        {
            _encryptor = new ChunkEncryptingStream(_pending, keyId, providerKey, chunkSize);
        }

        _compressor = ArtifactCompressionStreams.CreateCompressor(compression, (Stream?)_encryptor ?? _pending);
    }

    /// <summary>True once the reader has read to the end.</summary>
    public bool IsComplete => _sha256 is not null;

    /// <summary>Bytes read from the source.</summary>
    public long OriginalBytes { get; private set; }

    /// <summary>Stored bytes handed to the reader.</summary>
    public long StoredBytes { get; private set; }

    /// <summary>SHA-256 of the stored bytes, lowercase hex, once <see cref="IsComplete"/>.</summary>
    public string Sha256 => _sha256 ?? throw new InvalidOperationException("The artifact has not been read to its end.");

    /// <summary>The descriptor of what was read, once <see cref="IsComplete"/>.</summary>
    /// <param name="name">The artifact's name in its set.</param>
    /// <param name="blobName">Where the stored bytes went.</param>
    public ArtifactDescriptor Describe(string name, string blobName) =>
        new(name, blobName, StoredBytes, OriginalBytes, Sha256, _compression, _keyId, _keyId is null ? null : _chunkSize);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _block.Length > 0)
        {
            _compressor.Dispose();
            _encryptor?.Dispose();
            _pending.Dispose();
            _hash.Dispose();
            ArrayPool<byte>.Shared.Return(_block);
            _block = [];
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_block.Length == 0, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_pending.Count == 0 && !_sourceEnded)
        {
            var n = await ReadInnerAsync(_source, _block.AsMemory(0, SourceBlockBytes), useAsync, cancellationToken).ConfigureAwait(false);
            if (n > 0)
            {
                OriginalBytes += n;
                _compressor.Write(_block, 0, n);
            }
            else
            {
                // Disposing the compressor writes the end of the compressed stream; then the final chunk is sealed.
                _compressor.Dispose();
                _encryptor?.Complete();
                _sourceEnded = true;
            }
        }

        var drained = _pending.Drain(buffer.Span);
        if (drained > 0)
        {
            _hash.AppendData(buffer.Span[..drained]);
            StoredBytes += drained;
        }
        else
        {
            _sha256 ??= Convert.ToHexStringLower(_hash.GetHashAndReset());
        }

        return drained;
    }
}
