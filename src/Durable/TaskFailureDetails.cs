namespace Serverless.Durable;

/// <summary>What is known of a failed activity, sub-orchestration or orchestration (mirrors <c>TaskFailureDetails</c>).</summary>
/// <param name="ErrorType">The full .NET type name of the original exception.</param>
/// <param name="ErrorMessage">The original exception message.</param>
/// <param name="StackTrace">The original stack trace, if any.</param>
/// <param name="InnerFailure">The failure of the inner exception, if any.</param>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
{
    /// <summary>Creates failure details from an exception and its inner exceptions.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The details.</returns>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException failed)
        {
            // A failed child surfaces as a wrapper; keep the child's details as the inner failure.
            return new TaskFailureDetails(typeof(TaskFailedException).FullName!, failed.Message, failed.StackTrace, failed.FailureDetails);
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is { } inner ? FromException(inner) : null);
    }

    /// <summary>Returns whether the original exception was a <typeparamref name="T"/> (or derived from it).</summary>
    /// <typeparam name="T">The exception type.</typeparam>
    /// <returns>True when the failure was caused by <typeparamref name="T"/>.</returns>
    public bool IsCausedBy<T>()
        where T : Exception => IsCausedBy(typeof(T));

    /// <summary>Returns whether the original exception was of <paramref name="exceptionType"/> (or derived from it).</summary>
    /// <param name="exceptionType">The exception type.</param>
    /// <returns>True when the failure was caused by that type. Types that cannot be loaded in this process match by name only.</returns>
    public bool IsCausedBy(Type exceptionType)
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        if (string.Equals(ErrorType, exceptionType.FullName, StringComparison.Ordinal))
        {
            return true;
        }

        var actual = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(ErrorType, throwOnError: false))
            .FirstOrDefault(t => t is not null);
        return actual is not null && exceptionType.IsAssignableFrom(actual);
    }

    /// <summary>Returns "type: message".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
