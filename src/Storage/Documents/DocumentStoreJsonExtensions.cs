using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;

namespace Serverless.Storage.Documents;

/// <summary>
/// Typed access to an <see cref="IDocumentStore"/> with System.Text.Json source-generated
/// metadata (<see cref="JsonTypeInfo{T}"/> from a <c>JsonSerializerContext</c>): no reflection.
/// </summary>
/// <example>
/// A read-modify-write that survives concurrent writers:
/// <code>
/// while (true)
/// {
///     var current = await store.GetAsync("instances/db-1", CatalogJson.Default.Instance, ct);
///     try
///     {
///         await store.ReplaceAsync(current!.Key, current.Value with { Status = "ACTIVE" }, current.ETag, CatalogJson.Default.Instance, ct);
///         break;
///     }
///     catch (DocumentChangedException)
///     {
///         // Someone else won this round: read again and redo the change.
///     }
/// }
/// </code>
/// </example>
public static class DocumentStoreJsonExtensions
{
    /// <summary>Reads and deserializes a document.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The document key.</param>
    /// <param name="typeInfo">Source-generated JSON metadata of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document and its ETag, or null when there is none.</returns>
    /// <exception cref="JsonException">The stored JSON does not hold a <typeparamref name="T"/>.</exception>
    public static async Task<Document<T>?> GetAsync<T>(this IDocumentStore store, string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var stored = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var value = JsonSerializer.Deserialize(stored.Value.ToMemory().Span, typeInfo)
            ?? throw new JsonException($"The document under key '{key}' holds JSON null instead of a {typeof(T).Name}.");
        return new Document<T>(key, value, stored.ETag);
    }

    /// <summary>Serializes and creates a document, only if none exists under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The document key.</param>
    /// <param name="value">The document.</param>
    /// <param name="typeInfo">Source-generated JSON metadata of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The ETag of the new document.</returns>
    /// <exception cref="DocumentAlreadyExistsException">A document exists under <paramref name="key"/>.</exception>
    public static Task<ETag> CreateAsync<T>(this IDocumentStore store, string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.CreateAsync(key, Serialize(value, typeInfo), cancellationToken);
    }

    /// <summary>Serializes and replaces a document, only if it still has <paramref name="ifMatch"/>.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The document key.</param>
    /// <param name="value">The new document.</param>
    /// <param name="ifMatch">The ETag of the version the change is based on.</param>
    /// <param name="typeInfo">Source-generated JSON metadata of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new ETag.</returns>
    /// <exception cref="DocumentChangedException">The document was changed since it was read.</exception>
    /// <exception cref="DocumentNotFoundException">The document was deleted.</exception>
    public static Task<ETag> ReplaceAsync<T>(this IDocumentStore store, string key, T value, ETag ifMatch, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ReplaceAsync(key, Serialize(value, typeInfo), ifMatch, cancellationToken);
    }

    private static BinaryData Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }
}
