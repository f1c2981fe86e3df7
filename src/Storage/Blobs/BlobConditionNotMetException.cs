namespace Serverless.Storage.Blobs;

/// <summary>A condition of the request was not met (412 <c>ConditionNotMet</c>, or 304 for a read with <c>If-None-Match</c>): the blob changed, or does not exist, since its ETag was read.</summary>
public sealed class BlobConditionNotMetException : BlobStorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="errorCode">The storage error code.</param>
    /// <param name="message">What failed, for which resource, and what to do.</param>
    /// <param name="containerName">The container the request was about.</param>
    /// <param name="blobName">The blob the request was about, if any.</param>
    public BlobConditionNotMetException(int status, string? errorCode, string message, string? containerName, string? blobName)
        : base(status, errorCode, message, containerName, blobName)
    {
    }
}
