using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Serverless.Storage.Documents;

namespace Serverless.Durable.Engine;

/// <summary>
/// Instance documents (<c>instances/{id}</c>) and the index of unfinished ones (<c>active/{id}</c>) on the document
/// store. Every change is read → modify → ETag-conditioned replace, repeated on conflict: never last-writer-wins.
/// </summary>
internal sealed class InstanceStore(IDocumentStore store, string prefix, int maxDocumentBytes)
{
    private const string InstancesFolder = "instances/";
    private const string ActiveFolder = "active/";

    public IDocumentStore Documents => store;

    public string InstanceKey(string instanceId) => prefix + InstancesFolder + Uri.EscapeDataString(instanceId);

    public string ActiveKey(string instanceId) => prefix + ActiveFolder + Uri.EscapeDataString(instanceId);

    public async Task<(InstanceDocument Document, ETag ETag)?> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(InstanceKey(instanceId), cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize(stored.Value.ToMemory().Span, DurableJsonContext.Default.InstanceDocument)
            ?? throw new InvalidDataException($"Instance document '{instanceId}' is empty.");
        return (document, stored.ETag);
    }

    public BinaryData Serialize(InstanceDocument document)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, DurableJsonContext.Default.InstanceDocument);
        if (bytes.Length > maxDocumentBytes)
        {
            throw new PayloadTooLargeException($"state of orchestration '{document.InstanceId}' (metadata, history and inbox)", bytes.Length, maxDocumentBytes);
        }

        return BinaryData.FromBytes(bytes);
    }

    public Task<ETag> CreateAsync(InstanceDocument document, CancellationToken cancellationToken)
        => store.CreateAsync(InstanceKey(document.InstanceId), Serialize(document), cancellationToken);

    public Task<ETag> ReplaceAsync(InstanceDocument document, ETag ifMatch, CancellationToken cancellationToken)
        => store.ReplaceAsync(InstanceKey(document.InstanceId), Serialize(document), ifMatch, cancellationToken);

    /// <summary>
    /// Creates <paramref name="document"/>; over a finished instance with the same id, replaces it as the next
    /// generation (so that messages for the old execution are dropped).
    /// </summary>
    /// <returns>
    /// Null when written; otherwise the existing document that blocks it: unfinished, or one that
    /// <paramref name="isSameInstance"/> recognizes as this very instance, created before.
    /// </returns>
    public async Task<InstanceDocument?> CreateOrReplaceFinishedAsync(InstanceDocument document, Func<InstanceDocument, bool>? isSameInstance, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await CreateAsync(document, cancellationToken);
                return null;
            }
            catch (DocumentAlreadyExistsException)
            {
            }

            if (await ReadAsync(document.InstanceId, cancellationToken) is not { } existing)
            {
                continue;
            }

            if (!existing.Document.IsTerminal || isSameInstance?.Invoke(existing.Document) == true)
            {
                return existing.Document;
            }

            document.Generation = existing.Document.Generation + 1;
            foreach (var message in document.Inbox)
            {
                message.Generation = document.Generation;
            }

            try
            {
                await ReplaceAsync(document, existing.ETag, cancellationToken);
                return null;
            }
            catch (DocumentChangedException)
            {
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current document and writes it back under its ETag, re-reading and
    /// re-applying on conflict. <paramref name="change"/> returns false to write nothing.
    /// </summary>
    /// <returns>The document as written (or as read when nothing was written), or null when it does not exist.</returns>
    public async Task<InstanceDocument?> UpdateAsync(string instanceId, Func<InstanceDocument, bool> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await ReadAsync(instanceId, cancellationToken);
            if (current is not { } found)
            {
                return null;
            }

            if (!change(found.Document))
            {
                return found.Document;
            }

            try
            {
                await ReplaceAsync(found.Document, found.ETag, cancellationToken);
                return found.Document;
            }
            catch (DocumentChangedException)
            {
            }
            catch (DocumentNotFoundException)
            {
                return null;
            }
        }
    }

    public async Task MarkActiveAsync(string instanceId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ActiveMarker(instanceId, DateTimeOffset.UtcNow), DurableJsonContext.Default.ActiveMarker);
        try
        {
            await store.CreateAsync(ActiveKey(instanceId), BinaryData.FromBytes(body), cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
        }
    }

    public async Task UnmarkActiveAsync(string instanceId, CancellationToken cancellationToken)
    {
        var key = ActiveKey(instanceId);
        while (await store.GetAsync(key, cancellationToken) is { } marker)
        {
            try
            {
                await store.DeleteAsync(key, marker.ETag, cancellationToken);
                return;
            }
            catch (DocumentChangedException)
            {
            }
            catch (DocumentNotFoundException)
            {
                return;
            }
        }
    }

    public async IAsyncEnumerable<string> ListActiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = prefix + ActiveFolder;
        await foreach (var key in store.ListKeysAsync(folder, cancellationToken))
        {
            yield return Uri.UnescapeDataString(key[folder.Length..]);
        }
    }

    public async IAsyncEnumerable<string> ListInstancesAsync(string? idPrefix, string? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = prefix + InstancesFolder;
        await foreach (var key in store.ListKeysAsync(folder + Uri.EscapeDataString(idPrefix ?? ""), cancellationToken))
        {
            var id = Uri.UnescapeDataString(key[folder.Length..]);
            if (after is null || string.CompareOrdinal(key, InstanceKey(after)) > 0)
            {
                yield return id;
            }
        }
    }

    public async Task<bool> DeleteAsync(string instanceId, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(InstanceKey(instanceId), ifMatch, cancellationToken);
            return true;
        }
        catch (DocumentNotFoundException)
        {
            return false;
        }
    }
}
