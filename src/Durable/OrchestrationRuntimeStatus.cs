namespace Serverless.Durable;

/// <summary>The runtime status of an orchestration instance (same values as Durable Task's).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>The instance is running (or waiting for its next event).</summary>
    Running = 0,

    /// <summary>The instance completed with an output.</summary>
    Completed = 1,

    /// <summary>Legacy: the instance continued as new. This engine reports <see cref="Running"/> instead.</summary>
    [Obsolete("Instances that continue as new report Running.")]
    ContinuedAsNew = 2,

    /// <summary>The instance failed; see the failure details.</summary>
    Failed = 3,

    /// <summary>Legacy; not used.</summary>
    [Obsolete("Not used.")]
    Canceled = 4,

    /// <summary>The instance was terminated.</summary>
    Terminated = 5,

    /// <summary>The instance is scheduled but has not run yet.</summary>
    Pending = 6,

    /// <summary>The instance is suspended until resumed.</summary>
    Suspended = 7,
}
