using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Reads and replaces a capture's progress document (<see cref="SegmentCaptureState"/>), the set's
/// <c>capture.json</c> blob, under its ETag.
/// </summary>
internal sealed class SegmentCaptureProgressStore(ArtifactStore store, string setId)
{
    private readonly Azure.Storage.Blobs.BlobClient _blob = store.Container.GetBlobClient(SegmentFormat.ProgressBlob(setId));

    /// <summary>The recorded progress and its ETag; null when no attempt has begun.</summary>
    public async Task<(SegmentCaptureState State, ETag ETag)?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = await _blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var state = JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, SegmentJsonContext.Default.SegmentCaptureState)
                ?? throw new ArtifactFormatException(setId, null, $"The capture progress of set '{setId}' is empty.");
            return (state, content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Records the first attempt's beginning; false when another attempt recorded its own first.</summary>
    public async Task<bool> TryCreateAsync(SegmentCaptureState state, CancellationToken cancellationToken)
    {
        try
        {
            await UploadAsync(state, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces the progress recorded as <paramref name="etag"/> with <paramref name="state"/>, which records
    /// <paramref name="stored"/> (just written) as its last artifact. When another attempt replaced it first,
    /// <paramref name="stored"/> is deleted (nothing will ever record it) and <see cref="CaptureOvertakenException"/> is thrown.
    /// </summary>
    /// <returns>The new ETag.</returns>
    public async Task<ETag> ReplaceAsync(SegmentCaptureState state, ETag etag, ArtifactDescriptor? stored, CancellationToken cancellationToken)
    {
        try
        {
            return await UploadAsync(state, new BlobRequestConditions { IfMatch = etag }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            if (stored is not null)
            {
                await store.Container.GetBlobClient(stored.BlobName).DeleteIfExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            throw new CaptureOvertakenException(setId, ex);
        }
    }

    /// <summary>
    /// Deletes the segment artifacts of the set that <paramref name="recorded"/> does not hold: ones an interrupted
    /// attempt stored but never recorded. Safe only once the progress is final (no attempt can record one any more).
    /// </summary>
    /// <returns>The stored bytes deleted.</returns>
    public async Task<long> DeleteUnrecordedPartsAsync(IReadOnlyList<ArtifactDescriptor> recorded, CancellationToken cancellationToken)
    {
        var kept = recorded.Select(a => a.BlobName).ToHashSet(StringComparer.Ordinal);
        long deleted = 0;
        var prefix = $"{setId}/{SegmentFormat.PartArtifactFolder}";
        await foreach (var blob in store.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            if (!kept.Contains(blob.Name) && await store.Container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                deleted += blob.Properties.ContentLength ?? 0;
            }
        }

        return deleted;
    }

    private async Task<ETag> UploadAsync(SegmentCaptureState state, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(state, SegmentJsonContext.Default.SegmentCaptureState);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Conditions = conditions };
        var response = await _blob.UploadAsync(BinaryData.FromBytes(json), options, cancellationToken).ConfigureAwait(false);
        return response.Value.ETag;
    }
}
