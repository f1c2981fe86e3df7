using System.Runtime.CompilerServices;
using Azure;
using Serverless.Storage.Blobs;

namespace Serverless.Storage.Documents;

/// <summary>
/// Documents as blobs of one container (content type <c>application/json</c>), one blob per key,
/// guarded by the blob ETags: creation is <c>If-None-Match: *</c>, replacement and deletion are
/// <c>If-Match</c>. The container must exist (<see cref="BlobContainerClient.CreateIfNotExistsAsync"/>).
/// </summary>
/// <remarks>Storage failures other than the concurrency outcomes surface as <see cref="BlobStorageException"/>.</remarks>
public sealed class BlobDocumentStore : IDocumentStore
{
    /// <summary>The content type documents are stored with.</summary>
    public const string JsonContentType = "application/json";

    private static readonly BlobWriteOptions CreateOptions = new() { ContentType = JsonContentType, Conditions = BlobConditions.IfNotExists };

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
        try
        {
            var download = await Container.DownloadAsync(key, null, cancellationToken).ConfigureAwait(false);
            await using (download.ConfigureAwait(false))
            {
                var json = await BinaryData.FromStreamAsync(download.Content, cancellationToken).ConfigureAwait(false);
                return new StoredDocument(key, json, download.Properties.ETag);
            }
        }
        catch (BlobNotFoundException e) when (!IsMissingContainer(e))
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<ETag> CreateAsync(string key, BinaryData json, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await Container.PutAsync(key, json, CreateOptions, cancellationToken).ConfigureAwait(false)).ETag;
        }
        catch (BlobStorageException e) when (e is BlobConflictException or BlobConditionNotMetException)
        {
            throw new DocumentAlreadyExistsException(key, e);
        }
    }

    /// <inheritdoc/>
    public async Task<ETag> ReplaceAsync(string key, BinaryData json, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        var options = new BlobWriteOptions { ContentType = JsonContentType, Conditions = BlobConditions.IfUnchanged(ifMatch) };
        try
        {
            return (await Container.PutAsync(key, json, options, cancellationToken).ConfigureAwait(false)).ETag;
        }
        catch (BlobConditionNotMetException e)
        {
            throw await ConcurrencyFailureAsync(key, ifMatch, e, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException e) when (!IsMissingContainer(e))
        {
            throw new DocumentNotFoundException(key, e);
        }
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string key, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        bool deleted;
        try
        {
            deleted = await Container.DeleteAsync(key, BlobConditions.IfUnchanged(ifMatch), cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionNotMetException e)
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
        await foreach (var item in Container.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Name;
        }
    }

    /// <summary>
    /// A failed <c>If-Match</c> means changed or deleted; the service does not say which, so look.
    /// A document re-created in between counts as changed, which is true as well.
    /// </summary>
    private async Task<Exception> ConcurrencyFailureAsync(string key, ETag ifMatch, BlobConditionNotMetException failure, CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetPropertiesAsync(key, cancellationToken).ConfigureAwait(false);
            return new DocumentChangedException(key, ifMatch, failure);
        }
        catch (BlobNotFoundException e) when (!IsMissingContainer(e))
        {
            return new DocumentNotFoundException(key, failure);
        }
    }

    // A missing container is a deployment mistake, not an absent document: let it surface.
    private static bool IsMissingContainer(BlobNotFoundException e) => e.ErrorCode == "ContainerNotFound";
}
