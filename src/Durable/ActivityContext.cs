namespace Serverless.Durable;

/// <summary>What an activity knows about the call it serves (mirrors <c>TaskActivityContext</c>).</summary>
public sealed class ActivityContext
{
    /// <summary>Initializes a new instance of the <see cref="ActivityContext"/> class.</summary>
    /// <param name="name">The activity name.</param>
    /// <param name="instanceId">The calling orchestration instance id.</param>
    /// <param name="taskId">The task id of this call within the orchestration.</param>
    public ActivityContext(string name, string instanceId, int taskId)
    {
        Name = name;
        InstanceId = instanceId;
        TaskId = taskId;
    }

    /// <summary>Gets the registered activity name.</summary>
    public string Name { get; }

    /// <summary>Gets the id of the orchestration instance that called the activity.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the task id of the call within the orchestration history (stable across retries of delivery, not across retry attempts).</summary>
    public int TaskId { get; }
}
