namespace Serverless.Storage.Blobs;

/// <summary>The blob or its container does not exist (404, error code <c>BlobNotFound</c> or <c>ContainerNotFound</c>).</summary>
public sealed class BlobNotFoundException : BlobStorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="errorCode">The storage error code.</param>
    /// <param name="message">What failed, for which resource, and what to do.</param>
    /// <param name="containerName">The container the request was about.</param>
    /// <param name="blobName">The blob the request was about, if any.</param>
    public BlobNotFoundException(int status, string? errorCode, string message, string? containerName, string? blobName)
        : base(status, errorCode, message, containerName, blobName)
    {
    }
}
