using System.Buffers;
using System.Security.Cryptography;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Encrypts what is written to it into <see cref="ArtifactEncryptionHeader"/>'s chunk format: the header
/// first, then one sealed chunk per <see cref="ArtifactEncryptionHeader.ChunkSize"/> plaintext bytes.
/// <see cref="Complete"/> seals the final chunk; without it the output is a truncated artifact that no
/// reader accepts.
/// </summary>
internal sealed class ChunkEncryptingStream : WriteOnlySinkStream
{
    private readonly Stream _output;
    private readonly AesGcm _cipher;
    private readonly int _chunkSize;
    private readonly byte[] _associatedData;
    private readonly byte[] _nonce = new byte[ArtifactEncryptionHeader.NonceBytes];
    private byte[] _plaintext;
    private byte[] _sealed;
    private int _filled;
    private long _chunkIndex;
    private bool _completed;

    /// <param name="output">Receives the header and the sealed chunks; left open.</param>
    /// <param name="keyId">The provider key's id, written into the header.</param>
    /// <param name="providerKey">The provider key; not kept (only the per-artifact key derived from it is).</param>
    /// <param name="chunkSize">Plaintext bytes per chunk.</param>
    public ChunkEncryptingStream(Stream output, string keyId, ReadOnlySpan<byte> providerKey, int chunkSize)
    {
        var header = ArtifactEncryptionHeader.Create(keyId, chunkSize, providerKey);
        _cipher = header.CreateCipher(providerKey) ?? throw new CryptographicException("The artifact key schedule does not reproduce its own commitment.");
        _output = output;
        _chunkSize = chunkSize;
        _associatedData = header.CreateAssociatedData();
        _plaintext = ArrayPool<byte>.Shared.Rent(chunkSize);
        _sealed = ArrayPool<byte>.Shared.Rent(chunkSize + ArtifactEncryptionHeader.TagBytes);
        output.Write(header.Bytes);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_plaintext.Length == 0, this);
        if (_completed)
        {
            throw new InvalidOperationException("The encrypted artifact is already complete.");
        }

        while (!buffer.IsEmpty)
        {
            // A full chunk is sealed only once more data arrives: the final chunk must be the short one.
            if (_filled == _chunkSize)
            {
                SealChunk(final: false);
            }

            var n = Math.Min(buffer.Length, _chunkSize - _filled);
            buffer[..n].CopyTo(_plaintext.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
        }
    }

    /// <summary>Seals the remaining bytes as the final chunk (after a last full chunk, an empty final one).</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        if (_filled == _chunkSize)
        {
            SealChunk(final: false);
        }

        SealChunk(final: true);
        _completed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _plaintext.Length > 0)
        {
            _cipher.Dispose();
            CryptographicOperations.ZeroMemory(_plaintext.AsSpan(0, _chunkSize));
            ArrayPool<byte>.Shared.Return(_plaintext);
            ArrayPool<byte>.Shared.Return(_sealed);
            _plaintext = [];
            _sealed = [];
        }

        base.Dispose(disposing);
    }

    private void SealChunk(bool final)
    {
        ArtifactEncryptionHeader.PrepareChunk(_chunkIndex, final, _nonce, _associatedData);
        var ciphertext = _sealed.AsSpan(0, _filled);
        var tag = _sealed.AsSpan(_filled, ArtifactEncryptionHeader.TagBytes);
        _cipher.Encrypt(_nonce, _plaintext.AsSpan(0, _filled), ciphertext, tag, _associatedData);
        _output.Write(_sealed.AsSpan(0, _filled + ArtifactEncryptionHeader.TagBytes));
        _chunkIndex++;
        _filled = 0;
    }
}
