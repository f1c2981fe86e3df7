using System.Buffers;
using System.Security.Cryptography;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Reads an encrypted artifact (<see cref="ArtifactEncryptionHeader"/> format) and gives back its plaintext,
/// one authenticated chunk at a time: no byte of a chunk is returned before its tag has verified. The end is
/// accepted only after the final chunk; a wrong key or a failed tag raises
/// <see cref="ArtifactDecryptionException"/>.
/// </summary>
internal sealed class ChunkDecryptingStream : ReadOnlyTransformStream
{
    private readonly Stream _input;
    private readonly string _setId;
    private readonly ArtifactDescriptor _artifact;
    private readonly string _keyId;
    private readonly byte[] _nonce = new byte[ArtifactEncryptionHeader.NonceBytes];
    private byte[] _providerKey;
    private AesGcm? _cipher;
    private byte[] _associatedData = [];
    private byte[] _sealed = [];
    private byte[] _plaintext = [];
    private int _chunkSize;
    private int _plainOffset;
    private int _plainLength;
    private long _chunkIndex;
    private bool _finalChunkRead;
    private bool _disposed;

    /// <param name="input">The stored bytes (already length- and hash-checked by the layer below); left open.</param>
    /// <param name="setId">The artifact's set, for error messages.</param>
    /// <param name="artifact">The artifact; its key id and chunk size must match the header.</param>
    /// <param name="providerKey">The key registered under the artifact's key id; this stream clears its copy once the header is read.</param>
    public ChunkDecryptingStream(Stream input, string setId, ArtifactDescriptor artifact, ReadOnlySpan<byte> providerKey)
    {
        _input = input;
        _setId = setId;
        _artifact = artifact;
        _keyId = artifact.KeyId ?? throw new ArgumentException("The artifact is not encrypted.", nameof(artifact));
        _providerKey = providerKey.ToArray();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _cipher?.Dispose();
            CryptographicOperations.ZeroMemory(_providerKey);
            if (_sealed.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_sealed);
            }

            if (_plaintext.Length > 0)
            {
                CryptographicOperations.ZeroMemory(_plaintext);
                ArrayPool<byte>.Shared.Return(_plaintext);
            }

            _sealed = [];
            _plaintext = [];
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_cipher is null)
        {
            await ReadHeaderAsync(useAsync, cancellationToken).ConfigureAwait(false);
        }

        // The final chunk ran to the end of the input, which the layer below has verified, so after it the
        // end is real.
        while (_plainOffset == _plainLength && !_finalChunkRead)
        {
            await ReadChunkAsync(useAsync, cancellationToken).ConfigureAwait(false);
        }

        var n = Math.Min(buffer.Length, _plainLength - _plainOffset);
        _plaintext.AsSpan(_plainOffset, n).CopyTo(buffer.Span);
        _plainOffset += n;
        return n;
    }

    private async ValueTask ReadHeaderAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var fixedPart = new byte[ArtifactEncryptionHeader.FixedBytes];
        ArtifactEncryptionHeader header;
        try
        {
            if (await FillAsync(fixedPart, useAsync, cancellationToken).ConfigureAwait(false) < fixedPart.Length)
            {
                throw new InvalidDataException("it ends inside its header");
            }

            var whole = new byte[ArtifactEncryptionHeader.GetLength(fixedPart)];
            fixedPart.CopyTo(whole, 0);
            if (await FillAsync(whole.AsMemory(fixedPart.Length), useAsync, cancellationToken).ConfigureAwait(false) < whole.Length - fixedPart.Length)
            {
                throw new InvalidDataException("it ends inside its header");
            }

            header = ArtifactEncryptionHeader.Parse(whole);
            if (header.KeyId != _keyId || header.ChunkSize != _artifact.ChunkSize)
            {
                throw new InvalidDataException($"its header names key '{header.KeyId}' and {header.ChunkSize}-byte chunks, but the manifest records key '{_keyId}' and {_artifact.ChunkSize}-byte chunks");
            }
        }
        catch (InvalidDataException ex)
        {
            throw await DrainForFormatFailureAsync(ex, useAsync, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            _cipher = header.CreateCipher(_providerKey)
                ?? throw new ArtifactDecryptionException(_setId, _artifact.Name, _keyId, ArtifactDecryptionFailure.WrongKey);
        }
        catch (CryptographicException ex)
        {
            throw new ArtifactDecryptionException(_setId, _artifact.Name, _keyId, ArtifactDecryptionFailure.WrongKey, innerException: ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(_providerKey);
        }

        _chunkSize = header.ChunkSize;
        _associatedData = header.CreateAssociatedData();
        _sealed = ArrayPool<byte>.Shared.Rent(_chunkSize + ArtifactEncryptionHeader.TagBytes);
        _plaintext = ArrayPool<byte>.Shared.Rent(_chunkSize);
    }

    private async ValueTask ReadChunkAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var sealedLength = _chunkSize + ArtifactEncryptionHeader.TagBytes;
        var got = await FillAsync(_sealed.AsMemory(0, sealedLength), useAsync, cancellationToken).ConfigureAwait(false);
        if (got < ArtifactEncryptionHeader.TagBytes)
        {
            // The input ended where a chunk, at least the final one, should be: cut short by someone who could
            // also rewrite the recorded length and hash (the layer below checked them at the end).
            throw new ArtifactDecryptionException(_setId, _artifact.Name, _keyId, ArtifactDecryptionFailure.ChunkAuthenticationFailed, _chunkIndex);
        }

        var final = got < sealedLength;
        var plainLength = got - ArtifactEncryptionHeader.TagBytes;
        ArtifactEncryptionHeader.PrepareChunk(_chunkIndex, final, _nonce, _associatedData);
        try
        {
            _cipher!.Decrypt(_nonce, _sealed.AsSpan(0, plainLength), _sealed.AsSpan(plainLength, ArtifactEncryptionHeader.TagBytes), _plaintext.AsSpan(0, plainLength), _associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new ArtifactDecryptionException(_setId, _artifact.Name, _keyId, ArtifactDecryptionFailure.ChunkAuthenticationFailed, _chunkIndex, ex);
        }

        _plainOffset = 0;
        _plainLength = plainLength;
        _finalChunkRead = final;
        _chunkIndex++;
    }

    /// <summary>
    /// Reads the rest of the input so the layer below compares it with the manifest: a changed blob is then
    /// reported (thrown) as the checksum mismatch it is, and only bytes that are exactly what was written come
    /// back as a format error for the caller to throw.
    /// </summary>
    private async ValueTask<ArtifactFormatException> DrainForFormatFailureAsync(InvalidDataException reason, bool useAsync, CancellationToken cancellationToken)
    {
        await StreamDrain.DrainAsync(_input, useAsync, cancellationToken).ConfigureAwait(false);
        return new ArtifactFormatException(
            _setId,
            _artifact.Name,
            $"Artifact '{_artifact.Name}' of set '{_setId}' is not a readable encrypted artifact: {reason.Message}. Its stored bytes match the manifest, "
            + "so it was written by another format version or by a faulty writer; read it with a matching version or write the set again.",
            reason);
    }

    private async ValueTask<int> FillAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await ReadInnerAsync(_input, buffer[filled..], useAsync, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }
}
