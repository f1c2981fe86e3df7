using Azure;

namespace Serverless.Storage.Blobs;

/// <summary>
/// A Blob Storage request failed: the service answered with an error
/// (<see cref="RequestFailedException.Status"/> and <see cref="RequestFailedException.ErrorCode"/>
/// from <c>x-ms-error-code</c> or the error body), or it could not be reached at all
/// (<see cref="RequestFailedException.Status"/> 0, the transport error as inner exception).
/// </summary>
/// <remarks>
/// Specific failures have their own types: <see cref="BlobNotFoundException"/> (404),
/// <see cref="BlobConditionNotMetException"/> (412, or 304 on a conditional read) and
/// <see cref="BlobConflictException"/> (409). Messages name the container and blob and never
/// contain keys or tokens.
/// </remarks>
public class BlobStorageException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">HTTP status, 0 when no response arrived.</param>
    /// <param name="errorCode">The storage error code, for example <c>BlobNotFound</c>; null when none was sent.</param>
    /// <param name="message">What failed, for which resource, and what to do.</param>
    /// <param name="containerName">The container the request was about, if any.</param>
    /// <param name="blobName">The blob the request was about, if any.</param>
    /// <param name="innerException">The transport failure, if any.</param>
    public BlobStorageException(int status, string? errorCode, string message, string? containerName, string? blobName, Exception? innerException = null)
        : base(status, message, errorCode, innerException)
    {
        ContainerName = containerName;
        BlobName = blobName;
    }

    /// <summary>The container the failed request was about, if any.</summary>
    public string? ContainerName { get; }

    /// <summary>The blob the failed request was about, if any.</summary>
    public string? BlobName { get; }
}
