namespace Serverless.Orchestrations.Schedules;

/// <summary>What became of one run of a schedule.</summary>
public static class ScheduleExecutionState
{
    /// <summary>An evaluator took the run on and is starting its backup (or stopped while doing so: another takes it over later).</summary>
    public const string Pending = "PENDING";

    /// <summary>The run's backup was started; its own status tells how it went.</summary>
    public const string Started = "STARTED";

    /// <summary>The instance was busy (not <c>ACTIVE</c>): no backup was taken this time.</summary>
    public const string Skipped = "SKIPPED";

    /// <summary>The backup could not be started (the instance is gone, or the request was refused).</summary>
    public const string Failed = "FAILED";
}
