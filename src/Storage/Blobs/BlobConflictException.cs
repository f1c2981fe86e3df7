namespace Serverless.Storage.Blobs;

/// <summary>The request conflicts with the current state (409), for example <c>BlobAlreadyExists</c> for a write with <see cref="BlobConditions.IfNotExists"/>.</summary>
public sealed class BlobConflictException : BlobStorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="errorCode">The storage error code.</param>
    /// <param name="message">What failed, for which resource, and what to do.</param>
    /// <param name="containerName">The container the request was about.</param>
    /// <param name="blobName">The blob the request was about, if any.</param>
    public BlobConflictException(int status, string? errorCode, string message, string? containerName, string? blobName)
        : base(status, errorCode, message, containerName, blobName)
    {
    }
}
