using System.Runtime.ExceptionServices;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Reads an artifact's stored bytes back into its content, verifying as it goes: the stored bytes are
/// hashed and counted, encrypted chunks are authenticated before they are used, and the read that reaches
/// the end checks length and SHA-256 against the descriptor. A damaged artifact therefore never reads as a
/// complete one: the final read throws (and so does every read after it) instead of returning 0.
/// </summary>
/// <remarks>
/// Bytes returned before the end are not yet known good (an unencrypted artifact is only verified as a whole),
/// so a consumer must treat its work as unfinished until it has read to the end without an exception.
/// </remarks>
internal sealed class ArtifactDecodingStream : ReadOnlyTransformStream
{
    private readonly string _setId;
    private readonly ArtifactDescriptor _artifact;
    private readonly StoredBytesVerifyingStream _verifier;
    private readonly Stream _plain;
    private readonly Stream _decompressor;
    private ExceptionDispatchInfo? _fault;
    private long _originalBytes;
    private bool _completed;
    private bool _disposed;

    /// <param name="stored">The stored bytes, e.g. a blob download; disposed with this stream.</param>
    /// <param name="setId">The artifact's set, for error messages.</param>
    /// <param name="artifact">What the stored bytes must be.</param>
    /// <param name="providerKey">For an encrypted artifact, the key registered under its key id; ignored otherwise.</param>
    public ArtifactDecodingStream(Stream stored, string setId, ArtifactDescriptor artifact, ReadOnlySpan<byte> providerKey)
    {
        _setId = setId;
        _artifact = artifact;
        _verifier = new StoredBytesVerifyingStream(stored, setId, artifact);
        _plain = artifact.KeyId is null ? _verifier : new ChunkDecryptingStream(_verifier, setId, artifact, providerKey);
        _decompressor = ArtifactCompressionStreams.CreateDecompressor(artifact.Compression, _plain);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (!ReferenceEquals(_decompressor, _plain))
            {
                _decompressor.Dispose();
            }

            if (!ReferenceEquals(_plain, _verifier))
            {
                _plain.Dispose();
            }

            _verifier.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _fault?.Throw();
        if (_completed || buffer.IsEmpty)
        {
            return 0;
        }

        try
        {
            int n;
            try
            {
                n = await ReadInnerAsync(_decompressor, buffer, useAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException and not ObjectDisposedException)
            {
                // GZipStream reports bad data as InvalidDataException, BrotliStream as InvalidOperationException.
                throw await DrainForFormatFailureAsync($"its {_artifact.Compression} data does not decompress ({ex.Message})", ex, useAsync, cancellationToken).ConfigureAwait(false);
            }

            if (n > 0)
            {
                _originalBytes += n;
                if (_originalBytes > _artifact.OriginalBytes)
                {
                    throw await DrainForFormatFailureAsync($"it decompresses to more than the {_artifact.OriginalBytes:N0} bytes the manifest records", null, useAsync, cancellationToken).ConfigureAwait(false);
                }

                return n;
            }

            // The decompressor has seen its end; the stored bytes must end there too, and reading to their end
            // is what makes the layer below compare length and SHA-256 with the manifest.
            var surplus = await StreamDrain.DrainAsync(_plain, useAsync, cancellationToken).ConfigureAwait(false);
            if (surplus > 0)
            {
                throw FormatFailure($"{surplus:N0} bytes follow the end of its {_artifact.Compression} data", null);
            }

            if (_originalBytes != _artifact.OriginalBytes)
            {
                throw FormatFailure($"it decompresses to {_originalBytes:N0} bytes, but the manifest records {_artifact.OriginalBytes:N0}", null);
            }

            _completed = true;
            return 0;
        }
        catch (Exception ex)
        {
            // Whatever broke the read (damage, network, cancellation) left the layers mid-stream: no later
            // read may carry on as if nothing was lost.
            _fault = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    private async ValueTask<ArtifactFormatException> DrainForFormatFailureAsync(string reason, Exception? innerException, bool useAsync, CancellationToken cancellationToken)
    {
        // A changed blob is reported as the checksum mismatch it is (the layer below throws at the end); only
        // bytes that are exactly what was written are a format error.
        await StreamDrain.DrainAsync(_plain, useAsync, cancellationToken).ConfigureAwait(false);
        return FormatFailure(reason, innerException);
    }

    private ArtifactFormatException FormatFailure(string reason, Exception? innerException) => new(
        _setId,
        _artifact.Name,
        $"Artifact '{_artifact.Name}' of set '{_setId}' cannot be read: {reason}. Its stored bytes match the manifest, so it was written "
        + "by another format version or by a faulty writer; read it with a matching version or write the set again.",
        innerException);
}
