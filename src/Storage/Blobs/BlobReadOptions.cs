using Azure;

namespace Serverless.Storage.Blobs;

/// <summary>How <see cref="BlobContainerClient.DownloadAsync"/> reads a blob.</summary>
public sealed record BlobReadOptions
{
    /// <summary>The bytes to read; null reads the whole blob.</summary>
    public HttpRange? Range { get; init; }

    /// <summary>Conditions the read only succeeds under, for example <see cref="BlobConditions.IfUnchanged"/>.</summary>
    public BlobConditions? Conditions { get; init; }
}
