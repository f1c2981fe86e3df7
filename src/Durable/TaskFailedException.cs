namespace Serverless.Durable;

/// <summary>An activity or sub-orchestration failed (mirrors <c>TaskFailedException</c>); <see cref="FailureDetails"/> says why.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    /// <param name="taskName">The activity or orchestrator name.</param>
    /// <param name="taskId">The task id within the calling orchestration.</param>
    /// <param name="failureDetails">The failure.</param>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class from an exception.</summary>
    /// <param name="taskName">The activity or orchestrator name.</param>
    /// <param name="taskId">The task id within the calling orchestration.</param>
    /// <param name="innerException">The failure.</param>
    public TaskFailedException(string taskName, int taskId, Exception innerException)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {innerException?.Message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(innerException);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    /// <summary>Gets the activity or orchestrator name.</summary>
    public string TaskName { get; }

    /// <summary>Gets the task id within the calling orchestration.</summary>
    public int TaskId { get; }

    /// <summary>Gets the failure details.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
