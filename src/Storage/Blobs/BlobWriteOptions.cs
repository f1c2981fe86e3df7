namespace Serverless.Storage.Blobs;

/// <summary>How <see cref="BlobContainerClient.PutAsync"/> and <see cref="BlobContainerClient.UploadAsync"/> write a blob.</summary>
public sealed record BlobWriteOptions
{
    /// <summary>The blob's <c>Content-Type</c>; null leaves the service default, <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// Metadata stored with the blob (<c>x-ms-meta-*</c>). Names must be C# identifiers and
    /// values printable ASCII; never put secrets here, metadata is returned by every listing.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Conditions the write (for staged uploads: the final commit) only succeeds under.</summary>
    public BlobConditions? Conditions { get; init; }

    /// <summary>
    /// Size of the blocks <see cref="BlobContainerClient.UploadAsync"/> stages, in bytes; null takes
    /// <see cref="BlobClientOptions.DefaultBlockSize"/>. Content shorter than one block is written
    /// with a single Put Blob. A blob holds at most 50,000 blocks.
    /// </summary>
    public int? BlockSize { get; init; }

    /// <summary>
    /// How many blocks <see cref="BlobContainerClient.UploadAsync"/> uploads at the same time; null
    /// takes <see cref="BlobClientOptions.DefaultMaxConcurrency"/>. Memory use of an upload is about
    /// <c>MaxConcurrency × BlockSize</c>.
    /// </summary>
    public int? MaxConcurrency { get; init; }
}
