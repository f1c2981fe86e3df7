using Azure;

namespace Serverless.Storage.Blobs;

/// <summary>
/// Conditions a request only succeeds under (<c>If-Match</c> / <c>If-None-Match</c>): the basis
/// of optimistic concurrency. A write whose condition fails throws
/// <see cref="BlobConditionNotMetException"/>, or <see cref="BlobConflictException"/> when
/// <see cref="IfNotExists"/> meets an existing blob.
/// </summary>
public sealed record BlobConditions
{
    /// <summary>Only when the blob exists and its ETag is this one (<see cref="ETag.All"/>: exists at all).</summary>
    public ETag? IfMatch { get; init; }

    /// <summary>Only when the blob's ETag is not this one (<see cref="ETag.All"/>: only when no blob exists).</summary>
    public ETag? IfNoneMatch { get; init; }

    /// <summary>Create-only: the request fails when the blob already exists (<c>If-None-Match: *</c>).</summary>
    public static BlobConditions IfNotExists { get; } = new() { IfNoneMatch = ETag.All };

    /// <summary>Only when the blob still has <paramref name="etag"/>, that is, nobody changed it since it was read.</summary>
    /// <param name="etag">The ETag from the read.</param>
    /// <returns>Conditions with <see cref="IfMatch"/> set.</returns>
    public static BlobConditions IfUnchanged(ETag etag) => new() { IfMatch = etag };
}
