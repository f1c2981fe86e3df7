namespace Serverless.Platforms.Azure;

/// <summary>The result of one poll of a long-running ARM operation.</summary>
/// <param name="State">In progress, succeeded or failed.</param>
/// <param name="RetryAfter">
/// How long to wait before the next poll when in progress: ARM's <c>Retry-After</c>, or the client's default poll
/// interval when ARM sent none. Zero once the operation has finished.
/// </param>
/// <param name="ErrorCode">ARM's error code when failed (e.g. <c>ServerNotExist</c>, <c>Canceled</c>); null otherwise.</param>
/// <param name="ErrorMessage">ARM's error message when failed; null otherwise.</param>
public sealed record ArmOperationStatus(ArmOperationState State, TimeSpan RetryAfter, string? ErrorCode, string? ErrorMessage)
{
    /// <summary>A finished, successful operation.</summary>
    public static ArmOperationStatus Succeeded { get; } = new(ArmOperationState.Succeeded, TimeSpan.Zero, null, null);

    /// <summary>An operation that still runs.</summary>
    /// <param name="retryAfter">When to poll again.</param>
    /// <returns>The status.</returns>
    public static ArmOperationStatus InProgress(TimeSpan retryAfter) => new(ArmOperationState.InProgress, retryAfter, null, null);

    /// <summary>An operation that failed or was canceled.</summary>
    /// <param name="code">ARM's error code.</param>
    /// <param name="message">ARM's error message.</param>
    /// <returns>The status.</returns>
    public static ArmOperationStatus Failed(string code, string message) => new(ArmOperationState.Failed, TimeSpan.Zero, code, message);
}
