namespace Serverless.Platforms.Azure;

/// <summary>
/// ARM kept answering 429 (too many requests) after the client's retries, or asked for a longer wait than the
/// client waits in process (<see cref="FlexibleServerClientOptions.MaxRetryWait"/>). A durable caller waits
/// <see cref="RetryAfter"/> with a durable timer and tries again.
/// </summary>
public sealed class ArmThrottledException : ArmRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="action">What was attempted.</param>
    /// <param name="retryAfter">How long ARM asked to wait.</param>
    /// <param name="errorCode">ARM's error code, if any.</param>
    /// <param name="armMessage">ARM's error message, if any.</param>
    /// <param name="innerException">The exception of the Azure SDK, if any.</param>
    public ArmThrottledException(string action, TimeSpan retryAfter, string? errorCode, string? armMessage, Exception? innerException = null)
        : base(action, 429, errorCode, armMessage, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long ARM asked to wait before the next request.</summary>
    public TimeSpan RetryAfter { get; }
}
