using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Serverless.Storage.Documents;

/// <summary>
/// Documents as block blobs of one container (content type <c>application/json</c>), one blob per key,
/// guarded by the blob ETags: creation is <c>If-None-Match: *</c>, replacement and deletion are
/// <c>If-Match</c>. The container must exist (<see cref="BlobContainerClient.CreateIfNotExistsAsync(PublicAccessType, IDictionary{string, string}, BlobContainerEncryptionScopeOptions, CancellationToken)"/>).
/// </summary>
/// <remarks>
/// Storage failures other than the concurrency outcomes surface as <see cref="RequestFailedException"/>, after the
/// client's own retries; a missing container does too (error code <c>ContainerNotFound</c>), because it is a
/// deployment mistake, not an absent document.
/// </remarks>
public sealed class BlobDocumentStore : IDocumentStore
{
    /// <summary>The content type documents are stored with.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>A store over <paramref name="container"/>.</summary>
    /// <param name="container">The container holding the documents.</param>
    public BlobDocumentStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        Container = container;
    }

    /// <summary>The container holding the documents.</summary>
    public BlobContainerClient Container { get; }

    /// <inheritdoc/>
    public async Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        try
        {
            var download = (await Container.GetBlobClient(key).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new StoredDocument(key, download.Content, download.Details.ETag);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<ETag> CreateAsync(string key, BinaryData json, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return await UploadAsync(key, json, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new DocumentAlreadyExistsException(key, e);
        }
    }

    /// <inheritdoc/>
    public async Task<ETag> ReplaceAsync(string key, BinaryData json, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return await UploadAsync(key, json, new BlobRequestConditions { IfMatch = ifMatch }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw await ConcurrencyFailureAsync(key, ifMatch, e, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            throw new DocumentNotFoundException(key, e);
        }
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string key, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        bool deleted;
        try
        {
            deleted = await Container.GetBlobClient(key)
                .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = ifMatch }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw await ConcurrencyFailureAsync(key, ifMatch, e, cancellationToken).ConfigureAwait(false);
        }

        if (!deleted)
        {
            throw new DocumentNotFoundException(key);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var listing = Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix }, cancellationToken);
        await foreach (var item in listing.ConfigureAwait(false))
        {
            yield return item.Name;
        }
    }

    private async Task<ETag> UploadAsync(string key, BinaryData json, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = JsonContentType }, Conditions = conditions };
        var written = await Container.GetBlobClient(key).UploadAsync(json, options, cancellationToken).ConfigureAwait(false);
        return written.Value.ETag;
    }

    /// <summary>
    /// A failed <c>If-Match</c> means changed or deleted; the service does not say which, so look.
    /// A document re-created in between counts as changed, which is true as well.
    /// </summary>
    private async Task<Exception> ConcurrencyFailureAsync(string key, ETag ifMatch, RequestFailedException failure, CancellationToken cancellationToken)
    {
        var exists = await Container.GetBlobClient(key).ExistsAsync(cancellationToken).ConfigureAwait(false);
        return exists.Value ? new DocumentChangedException(key, ifMatch, failure) : new DocumentNotFoundException(key, failure);
    }
}
