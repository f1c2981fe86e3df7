using Serverless.Platforms;

namespace Serverless.Orchestrations.Platform;

/// <summary>
/// How long a long platform operation may take before its orchestration gives up on it, per kind, and how many polls it
/// may spend getting there. The bounds are generous against what Azure documents (a Flexible Server create takes 5-15
/// minutes, a read replica as long as copying the source's data) so that only a stuck operation reaches them; a request
/// can carry its own (<see cref="PlatformOperationRequest.Deadline"/>).
/// </summary>
internal static class PlatformOperationDeadlines
{
    /// <summary>
    /// The most polls one operation makes. Each poll adds about eight events to the orchestration's history (timer
    /// created and fired, poll scheduled and completed, and the started/completed pair of the two episodes they wake;
    /// counted from the history's shape, not measured: the in-process test host returns no history), so the loop's share
    /// of the history stays under about 1,600 events however long the platform asks it to wait; when the bound would be
    /// reached before the deadline, the waits are spread out instead (see <see cref="PlatformOperationSteps"/>).
    /// </summary>
    public const int MaxPolls = 200;

    /// <summary>The time <paramref name="kind"/> may take, from its begin.</summary>
    /// <param name="kind">The operation.</param>
    /// <returns>The bound.</returns>
    public static TimeSpan For(PlatformOperationKind kind) => kind switch
    {
        PlatformOperationKind.Provision => TimeSpan.FromMinutes(60),
        PlatformOperationKind.CreateReplica => TimeSpan.FromHours(6),
        PlatformOperationKind.Resize => TimeSpan.FromMinutes(90),
        PlatformOperationKind.SetReadOnly or PlatformOperationKind.ApplyParameters => TimeSpan.FromMinutes(15),
        _ => TimeSpan.FromMinutes(30),
    };
}
