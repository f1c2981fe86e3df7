namespace Serverless.Bench.Killed;

/// <summary>One backup or restore through the API, from its request until its operation completed.</summary>
/// <param name="Wall">Request to <c>COMPLETED</c>, host restarts included.</param>
/// <param name="Outage">The part of <paramref name="Wall"/> from each kill until the restarted host was ready again.</param>
/// <param name="ResumeWait">
/// The part of <paramref name="Wall"/> from each restarted host's ready until it processed the operation's first durable
/// work item (the killed host's messages become visible again at most 8 s after the kill).
/// </param>
/// <param name="KillsLanded">Kills while the operation was running.</param>
/// <param name="PeakBytes">The host process's largest resident set during the operation, over every incarnation.</param>
internal sealed record KilledRun(TimeSpan Wall, TimeSpan Outage, TimeSpan ResumeWait, int KillsLanded, long PeakBytes)
{
    /// <summary>The time the control plane was working on the operation: <see cref="Wall"/> less the outages and resume waits.</summary>
    public TimeSpan Work => Wall - Outage - ResumeWait;
}
