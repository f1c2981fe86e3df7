using Azure;

namespace Serverless.Storage.Blobs;

/// <summary>The system properties and metadata of a blob.</summary>
/// <param name="ETag">Changes with every write; pass it to <see cref="BlobConditions.IfUnchanged"/> for optimistic concurrency.</param>
/// <param name="ContentLength">Size of the whole blob in bytes.</param>
/// <param name="LastModified">Time of the last write.</param>
/// <param name="ContentType">The blob's content type, if the service reports one.</param>
/// <param name="Metadata">User metadata (<c>x-ms-meta-*</c>), names compared case-insensitively.</param>
public sealed record BlobProperties(
    ETag ETag,
    long ContentLength,
    DateTimeOffset LastModified,
    string? ContentType,
    IReadOnlyDictionary<string, string> Metadata);
