using System.Text.Json.Serialization.Metadata;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>The catalog's one way to change a document: read, decide, replace under the ETag read, and decide again when it moved.</summary>
internal static class CatalogDocuments
{
    /// <summary>
    /// Applies <paramref name="change"/> to the document at <paramref name="key"/> until it sticks. The change sees the
    /// current value and returns the new one, or null to leave the document as it is.
    /// </summary>
    /// <returns>True when the document was replaced; false when it does not exist or the change declined.</returns>
    public static async Task<bool> ChangeAsync<T>(IDocumentStore catalog, string key, JsonTypeInfo<T> typeInfo, Func<T, T?> change, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var current = await catalog.GetAsync(key, typeInfo, cancellationToken).ConfigureAwait(false);
            if (current is null || change(current.Value) is not { } changed)
            {
                return false;
            }

            try
            {
                await catalog.ReplaceAsync(key, changed, current.ETag, typeInfo, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is DocumentChangedException or DocumentNotFoundException)
            {
                // Changed under us: read again and decide again.
            }
        }
    }

    /// <summary>
    /// Deletes the document at <paramref name="key"/> if <paramref name="condition"/> holds for its current version,
    /// reading again whenever it changed meanwhile.
    /// </summary>
    /// <returns>False when there is no document or the condition does not hold; true once it is deleted (or was deleted meanwhile).</returns>
    public static async Task<bool> DeleteAsync<T>(IDocumentStore catalog, string key, JsonTypeInfo<T> typeInfo, Func<T, bool> condition, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var current = await catalog.GetAsync(key, typeInfo, cancellationToken).ConfigureAwait(false);
            if (current is null || !condition(current.Value))
            {
                return false;
            }

            try
            {
                await catalog.DeleteAsync(key, current.ETag, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DocumentNotFoundException)
            {
                return true;
            }
            catch (DocumentChangedException)
            {
                // Changed under us: read again and decide again.
            }
        }
    }
}
