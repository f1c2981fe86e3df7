using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;

namespace Serverless.Storage.Documents;

/// <summary>
/// Documents in memory with the semantics of <see cref="BlobDocumentStore"/>: the same key rules,
/// a new ETag on every write, the same exceptions for conflicting writers. For fast tests of code
/// built on <see cref="IDocumentStore"/>; thread-safe.
/// </summary>
public sealed class InMemoryDocumentStore : IDocumentStore
{
    private readonly SortedDictionary<string, StoredDocument> documents = new(StringComparer.Ordinal);
    private long version;

    /// <summary>Number of documents held.</summary>
    public int Count
    {
        get
        {
            lock (documents)
            {
                return documents.Count;
            }
        }
    }

    /// <inheritdoc/>
    public Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (documents)
        {
            return Task.FromResult(documents.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc/>
    public Task<ETag> CreateAsync(string key, BinaryData json, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(json);
        cancellationToken.ThrowIfCancellationRequested();
        lock (documents)
        {
            if (documents.ContainsKey(key))
            {
                throw new DocumentAlreadyExistsException(key);
            }

            return Task.FromResult(Store(key, json));
        }
    }

    /// <inheritdoc/>
    public Task<ETag> ReplaceAsync(string key, BinaryData json, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(json);
        cancellationToken.ThrowIfCancellationRequested();
        lock (documents)
        {
            CheckCurrent(key, ifMatch);
            return Task.FromResult(Store(key, json));
        }
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string key, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        DocumentKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (documents)
        {
            CheckCurrent(key, ifMatch);
            documents.Remove(key);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string[] keys;
        lock (documents)
        {
            keys = [.. documents.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal))];
        }

        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private void CheckCurrent(string key, ETag ifMatch)
    {
        if (!documents.TryGetValue(key, out var current))
        {
            throw new DocumentNotFoundException(key);
        }

        if (ifMatch != ETag.All && current.ETag != ifMatch)
        {
            throw new DocumentChangedException(key, ifMatch);
        }
    }

    private ETag Store(string key, BinaryData json)
    {
        // A copy, so the caller's later changes to its buffer cannot change the stored version.
        var etag = new ETag($"\"0x{(++version).ToString("X", CultureInfo.InvariantCulture)}\"");
        documents[key] = new StoredDocument(key, BinaryData.FromBytes(json.ToArray()), etag);
        return etag;
    }
}
