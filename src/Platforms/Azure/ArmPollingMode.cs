namespace Serverless.Platforms.Azure;

/// <summary>How an <see cref="ArmOperationToken"/> is polled, following the ARM async-operation rules.</summary>
public enum ArmPollingMode
{
    /// <summary>
    /// GET the <c>Azure-AsyncOperation</c> URL until its body's <c>status</c> is <c>Succeeded</c>, <c>Failed</c> or <c>Canceled</c>.
    /// </summary>
    AzureAsyncOperation,

    /// <summary>GET the <c>Location</c> URL until it stops answering 202: 200/201/204 succeeded, an error status failed.</summary>
    Location,

    /// <summary>
    /// No polling URL: read the resource itself (its <c>provisioningState</c>, or the server's <c>state</c>) until it settles.
    /// Used when ARM answered without one, and when an operation is taken up again without its URL (the server already existed).
    /// </summary>
    ResourceState,

    /// <summary>ARM finished the operation in its first answer; polling reports success without a request.</summary>
    Completed,
}
