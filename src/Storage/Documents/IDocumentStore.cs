using Azure;

namespace Serverless.Storage.Documents;

/// <summary>
/// JSON documents under string keys with optimistic concurrency: every read returns the
/// document's ETag, and every change names the ETag it was based on, so concurrent writers never
/// silently overwrite each other. <see cref="BlobDocumentStore"/> keeps them in a Blob container
/// (the catalog, durable state), <see cref="InMemoryDocumentStore"/> in memory for tests, with
/// the same semantics.
/// </summary>
/// <remarks>
/// Keys are blob names: 1-1024 characters, slashes allowed (for example <c>instances/db-1</c>),
/// no <c>.</c> or <c>..</c> segments. The typed methods are in <see cref="DocumentStoreJsonExtensions"/>.
/// </remarks>
public interface IDocumentStore
{
    /// <summary>Reads a document.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document and its ETag, or null when there is none under <paramref name="key"/>.</returns>
    Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Creates a document, only if none exists under <paramref name="key"/>.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="json">The UTF-8 JSON content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The ETag of the new document.</returns>
    /// <exception cref="DocumentAlreadyExistsException">A document exists under <paramref name="key"/>.</exception>
    Task<ETag> CreateAsync(string key, BinaryData json, CancellationToken cancellationToken = default);

    /// <summary>Replaces a document, only if it still has the ETag it was read with.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="json">The new UTF-8 JSON content.</param>
    /// <param name="ifMatch">The ETag of the version the change is based on.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new ETag.</returns>
    /// <exception cref="DocumentChangedException">The document was changed since: read it again and redo the change.</exception>
    /// <exception cref="DocumentNotFoundException">The document was deleted.</exception>
    Task<ETag> ReplaceAsync(string key, BinaryData json, ETag ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document, only if it still has the ETag it was read with.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="ifMatch">The ETag of the version the deletion is based on.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <exception cref="DocumentChangedException">The document was changed since it was read.</exception>
    /// <exception cref="DocumentNotFoundException">The document does not exist (any more).</exception>
    Task DeleteAsync(string key, ETag ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys starting with <paramref name="prefix"/>, in ordinal order.</summary>
    /// <param name="prefix">The key prefix, for example <c>instances/</c>; empty lists all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The keys.</returns>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);
}
