namespace Serverless.Durable;

/// <summary>
/// How a failed activity or sub-orchestration is retried (mirrors Durable Task's <c>RetryPolicy</c>). The waits between
/// attempts are durable timers: they survive a restart.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Initializes a new instance of the <see cref="RetryPolicy"/> class.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts, including the first; must be positive.</param>
    /// <param name="firstRetryInterval">Wait before the first retry; must be positive.</param>
    /// <param name="backoffCoefficient">Multiplier applied to the wait after each retry; at least 1.0.</param>
    /// <param name="maxRetryInterval">Upper bound of a single wait (default one hour; <see cref="Timeout.InfiniteTimeSpan"/> allowed).</param>
    /// <param name="retryTimeout">Total time after the first attempt during which retries may start (default infinite).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNumberOfAttempts);
        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be greater than zero.");
        }

        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be at least 1.0.");
        }

        if (maxRetryInterval is { } max && max != Timeout.InfiniteTimeSpan && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "The maximum retry interval must not be shorter than the first retry interval.");
        }

        if (retryTimeout is { } timeout && timeout != Timeout.InfiniteTimeSpan && timeout < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), timeout, "The retry timeout must not be shorter than the first retry interval.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Gets the total number of attempts, including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Gets the wait before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Gets the multiplier applied to the wait after each retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Gets the upper bound of a single wait.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Gets the total time after the first attempt during which retries may start.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>Gets which failures are retried; by default all.</summary>
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = static _ => true;

    /// <summary>Computes the wait before retry number <paramref name="retryNumber"/> (1 for the first retry).</summary>
    /// <param name="retryNumber">The 1-based retry number.</param>
    /// <returns>The wait.</returns>
    public TimeSpan GetRetryDelay(int retryNumber)
    {
        var millis = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, retryNumber - 1);
        var delay = millis >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(millis);
        return MaxRetryInterval != Timeout.InfiniteTimeSpan && delay > MaxRetryInterval ? MaxRetryInterval : delay;
    }
}
