using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Platform;

/// <summary>
/// The one place an orchestration runs a long platform operation: begin it in one activity, then poll it in another,
/// with a durable timer of the platform's <see cref="PlatformOperation.PollAfter"/> in between (ARM's <c>Retry-After</c>,
/// also when ARM throttles). The operation lives in the orchestration's history, so a host that restarts in the middle
/// replays to the last poll and continues polling; nothing is started twice and no activity sleeps.
/// </summary>
internal static class PlatformOperationSteps
{
    // A platform that asks for no wait still gets a short one, so that a bug cannot spin the orchestration; one that asks
    // for hours is capped, so that a host clock change or a bogus Retry-After cannot park an operation for a day.
    private static readonly TimeSpan MinimumPollWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaximumPollWait = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="request"/> to completion; a failure of the operation fails the begin or poll activity.</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="request">What to do.</param>
    /// <param name="options">Retries of each begin and poll activity (transient errors); none when null.</param>
    /// <returns>The completed operation.</returns>
    /// <exception cref="TaskFailedException">The operation failed, or the platform kept failing to answer.</exception>
    public static async Task<PlatformOperation> RunPlatformOperationAsync(this TaskOrchestrationContext context, PlatformOperationRequest request, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var operation = await context.CallActivityAsync<PlatformOperation>(BeginPlatformOperationActivity.Name, request, options);
        while (!operation.IsCompleted)
        {
            var wait = TimeSpan.FromTicks(Math.Clamp(operation.PollAfter.Ticks, MinimumPollWait.Ticks, MaximumPollWait.Ticks));
            await context.CreateTimer(context.CurrentUtcDateTime.Add(wait), CancellationToken.None);
            operation = await context.CallActivityAsync<PlatformOperation>(PollPlatformOperationActivity.Name, operation, options);
        }

        return operation;
    }
}
