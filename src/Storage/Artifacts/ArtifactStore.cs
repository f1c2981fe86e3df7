using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Writes streams as artifacts in a blob container and reads them back verified. An artifact is its content
/// compressed (<see cref="ArtifactStoreOptions.Compression"/>), optionally encrypted with AES-256-GCM in
/// chunks, and stored as one blob whose length and SHA-256 the returned <see cref="ArtifactDescriptor"/>
/// records. Both directions stream with bounded memory, whatever the artifact's size.
/// </summary>
/// <remarks>
/// Artifacts belong to sets. Write them with <see cref="ArtifactSetWriter"/>, which completes a set by writing
/// its manifest last, and read them with <see cref="ArtifactSetReader"/>, which only trusts sets that have one.
/// The two methods here are the single-artifact steps both use; a durable workflow can call
/// <see cref="WriteAsync"/> from separate activities and hand the descriptors to one
/// <see cref="ArtifactSetWriter"/> at the end.
/// </remarks>
public sealed class ArtifactStore
{
    private const string StoredContentType = "application/octet-stream";

    private readonly BlockBlobUpload _upload;

    /// <summary>Creates a store over <paramref name="container"/>, which must exist.</summary>
    /// <param name="container">The container, e.g. <c>backups</c>.</param>
    /// <param name="options">Compression, encryption keys and upload settings; null takes the defaults (Brotli, no encryption).</param>
    /// <exception cref="ArgumentOutOfRangeException">The encryption chunk size or an upload transfer setting is out of range.</exception>
    public ArtifactStore(BlobContainerClient container, ArtifactStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        NativeHeapLimits.Apply();
        Container = container;
        Options = options ?? new ArtifactStoreOptions();
        ArtifactEncryptionHeader.ValidateChunkSize(Options.EncryptionChunkSize);
        var transfer = ArtifactStoreOptions.Bounded(Options.UploadTransfer);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.UploadBuffers, 1, "UploadBuffers");
        UploadBlocks = new UploadBlockPool((int)transfer.MaximumTransferSize!.Value, Options.UploadBuffers);
        _upload = new BlockBlobUpload(UploadBlocks, transfer.MaximumConcurrency!.Value, transfer.InitialTransferSize!.Value);
    }

    /// <summary>The container artifacts are stored in.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>The store's settings.</summary>
    public ArtifactStoreOptions Options { get; }

    /// <summary>The block buffers every upload of this store shares; what bounds their memory.</summary>
    internal UploadBlockPool UploadBlocks { get; }

    /// <summary>
    /// Writes <paramref name="content"/> as artifact <paramref name="name"/> of set <paramref name="setId"/>:
    /// reads it to its end, compresses, encrypts when the key provider has a current key, and uploads the
    /// result to a new blob while hashing it. Nothing of the set's manifest changes; record the returned
    /// descriptor in an <see cref="ArtifactSetWriter"/>.
    /// </summary>
    /// <param name="setId">The set, e.g. a backup id.</param>
    /// <param name="name">The artifact's name within the set.</param>
    /// <param name="content">The content; read once, front to back, and left open.</param>
    /// <param name="cancellationToken">Cancels the write; no blob is committed.</param>
    /// <returns>What a reader needs to find and verify the artifact.</returns>
    /// <exception cref="ArgumentException">The set id or name is not valid.</exception>
    /// <exception cref="ArtifactKeyNotFoundException">The key provider does not have its own current key.</exception>
    /// <exception cref="RequestFailedException">The upload failed, after the client's retries.</exception>
    public async Task<ArtifactDescriptor> WriteAsync(string setId, string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArtifactNames.ValidateSetId(setId);
        ArtifactNames.ValidateArtifactName(name);
        ArgumentNullException.ThrowIfNull(content);

        var compression = Options.Compression;
        var keyId = Options.KeyProvider?.CurrentKeyId;
        var chunkSize = Options.EncryptionChunkSize;
        var key = keyId is null ? null : await Options.KeyProvider!.GetKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        ArtifactEncodingStream encoding;
        try
        {
            encoding = new ArtifactEncodingStream(content, compression, keyId, key, chunkSize);
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        await using (encoding.ConfigureAwait(false))
        {
            var blobName = ArtifactNames.NewArtifactBlob(setId, name);

            // The name is fresh, so the create-only condition only guards against a name collision ever replacing
            // another write. The encoding stream cannot seek: blocks are filled from the store's bounded buffer pool,
            // staged a few at a time and committed at the end (one Put Blob when everything fits one buffer and the
            // initial transfer size). Nothing is visible under the name before the commit.
            await _upload.UploadAsync(Container.GetBlockBlobClient(blobName), encoding, new BlobHttpHeaders { ContentType = StoredContentType }, cancellationToken).ConfigureAwait(false);
            if (!encoding.IsComplete)
            {
                throw new InvalidOperationException($"The upload of artifact '{name}' of set '{setId}' ended before reading its whole content.");
            }

            return encoding.Describe(name, blobName);
        }
    }

    /// <summary>
    /// Opens an artifact for reading. The returned stream downloads, verifies and decodes as it is read; the
    /// read that reaches the end throws instead of returning 0 unless length and SHA-256 match
    /// <paramref name="artifact"/> (and every encrypted chunk has authenticated). Treat what was read as
    /// unfinished until that last read has returned.
    /// </summary>
    /// <param name="setId">The artifact's set.</param>
    /// <param name="artifact">The artifact, as its set's manifest records it.</param>
    /// <param name="cancellationToken">Cancels opening; reads take their own token.</param>
    /// <returns>The content; dispose it to release the download.</returns>
    /// <exception cref="ArtifactNotFoundException">The artifact's blob does not exist.</exception>
    /// <exception cref="ArtifactChecksumMismatchException">The blob's length already differs from the recorded one (reads throw it for other differences).</exception>
    /// <exception cref="ArtifactDecryptionException">The artifact is encrypted with a key the key provider does not have (reads throw it for a wrong key or a failed chunk).</exception>
    /// <exception cref="ArtifactFormatException">The descriptor is not one this store could have written for the set.</exception>
    public async Task<Stream> OpenReadAsync(string setId, ArtifactDescriptor artifact, CancellationToken cancellationToken = default)
    {
        ArtifactNames.ValidateSetId(setId);
        ArgumentNullException.ThrowIfNull(artifact);
        ValidateDescriptor(setId, artifact);

        var key = artifact.KeyId is null ? null : await GetReadKeyAsync(setId, artifact, artifact.KeyId, cancellationToken).ConfigureAwait(false);
        try
        {
            // One streaming GET; when the connection breaks mid-body, the client's stream asks for the rest with a
            // range and If-Match on the first response's ETag, so a resumed read never mixes two versions.
            BlobDownloadStreamingResult download;
            try
            {
                download = (await Container.GetBlobClient(artifact.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw new ArtifactNotFoundException(
                    setId,
                    artifact.Name,
                    $"Artifact '{artifact.Name}' of set '{setId}' is recorded, but its blob '{artifact.BlobName}' is missing from container '{Container.Name}'. "
                    + "The set is damaged; restore from another one or write the set again.",
                    ex);
            }

            var storedBytes = download.Details.ContentLength;
            if (storedBytes != artifact.StoredBytes)
            {
                download.Dispose();
                throw new ArtifactChecksumMismatchException(setId, artifact.Name, artifact.StoredBytes, storedBytes, artifact.Sha256, actualSha256: null);
            }

            return new ArtifactDecodingStream(download.Content, setId, artifact, key);
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <summary>
    /// Deletes set <paramref name="setId"/>: its manifest first, so the set reads as incomplete from that moment
    /// (a reader never trusts a half-deleted set), then every blob under <c>{setId}/</c>, page by page. Deleting
    /// a set that is partly or wholly gone already is fine, so a retried delete finishes the job.
    /// </summary>
    /// <param name="setId">The set, e.g. a backup id.</param>
    /// <param name="cancellationToken">Cancels the delete; what was deleted stays deleted, and the set stays incomplete.</param>
    /// <returns>How many blobs this call deleted, the manifest included.</returns>
    /// <exception cref="ArgumentException">The set id is not valid.</exception>
    /// <exception cref="RequestFailedException">A listing or a delete failed, after the client's retries.</exception>
    public async Task<int> DeleteSetAsync(string setId, CancellationToken cancellationToken = default)
    {
        ArtifactNames.ValidateSetId(setId);
        var deleted = 0;
        try
        {
            if (await DeleteBlobAsync(ArtifactNames.ManifestBlob(setId), cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }

            // Listing is by name and continues after the last name returned, so deleting as we go skips nothing.
            var listing = Container.GetBlobsAsync(new GetBlobsOptions { Prefix = ArtifactNames.SetPrefix(setId) }, cancellationToken);
            await foreach (var blob in listing.ConfigureAwait(false))
            {
                if (await DeleteBlobAsync(blob.Name, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // No container, no set: nothing left to delete.
        }

        return deleted;
    }

    /// <summary>Throws <see cref="ArtifactFormatException"/> unless <paramref name="artifact"/> is a descriptor this store could have written for <paramref name="setId"/>.</summary>
    internal static void ValidateDescriptor(string setId, ArtifactDescriptor artifact)
    {
        string? problem = null;
        if (string.IsNullOrEmpty(artifact.Name) || string.IsNullOrEmpty(artifact.BlobName) || !artifact.BlobName.StartsWith(ArtifactNames.SetPrefix(setId), StringComparison.Ordinal))
        {
            problem = $"its blob '{artifact.BlobName}' is not in the set's folder '{ArtifactNames.SetPrefix(setId)}'";
        }
        else if (artifact.StoredBytes < 0 || artifact.OriginalBytes < 0)
        {
            problem = "it records a negative length";
        }
        else if (artifact.Sha256 is not { Length: 64 } || !artifact.Sha256.All(char.IsAsciiHexDigit))
        {
            problem = "its SHA-256 is not 64 hex digits";
        }
        else if (!Enum.IsDefined(artifact.Compression))
        {
            problem = $"its compression {artifact.Compression} is unknown";
        }
        else if (artifact.KeyId is not null && artifact.ChunkSize is not (>= ArtifactEncryptionHeader.MinChunkSize and <= ArtifactEncryptionHeader.MaxChunkSize))
        {
            problem = $"it is encrypted but records a chunk size of {artifact.ChunkSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
        }

        if (problem is not null)
        {
            throw new ArtifactFormatException(
                setId,
                artifact.Name,
                $"The record of artifact '{artifact.Name}' in set '{setId}' is not valid: {problem}. The manifest was written by another version or altered; it cannot be read.");
        }
    }

    private async Task<bool> DeleteBlobAsync(string blobName, CancellationToken cancellationToken) =>
        await Container.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false);

    private async Task<byte[]> GetReadKeyAsync(string setId, ArtifactDescriptor artifact, string keyId, CancellationToken cancellationToken)
    {
        if (Options.KeyProvider is null)
        {
            throw new ArtifactDecryptionException(setId, artifact.Name, keyId, ArtifactDecryptionFailure.KeyNotFound);
        }

        try
        {
            return await Options.KeyProvider.GetKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactKeyNotFoundException ex)
        {
            throw new ArtifactDecryptionException(setId, artifact.Name, keyId, ArtifactDecryptionFailure.KeyNotFound, innerException: ex);
        }
    }
}
