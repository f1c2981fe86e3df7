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

    /// <summary>
    /// Runs <paramref name="request"/> to completion; a failure of the operation fails the begin or poll activity. An
    /// operation still running at its deadline (<see cref="PlatformOperationRequest.Deadline"/>, or its kind's bound) fails
    /// as timed out instead of polling forever, and the loop makes at most <see cref="PlatformOperationDeadlines.MaxPolls"/>
    /// polls (or the request's own <see cref="PlatformOperationRequest.MaxPolls"/>): when the platform's waits would take more, they are spread evenly over the time left.
    /// </summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="request">What to do.</param>
    /// <param name="options">Retries of each begin and poll activity (transient errors); none when null.</param>
    /// <returns>The completed operation.</returns>
    /// <exception cref="TaskFailedException">The operation failed or timed out, or the platform kept failing to answer.</exception>
    public static async Task<PlatformOperation> RunPlatformOperationAsync(this TaskOrchestrationContext context, PlatformOperationRequest request, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var bound = request.Deadline ?? PlatformOperationDeadlines.For(request.Kind);
        var deadline = context.CurrentUtcDateTime.Add(bound);
        var maxPolls = Math.Max(1, request.MaxPolls ?? PlatformOperationDeadlines.MaxPolls);
        var operation = await context.CallActivityAsync<PlatformOperation>(BeginPlatformOperationActivity.Name, request, options);
        var polls = 0;
        while (!operation.IsCompleted)
        {
            var left = deadline - context.CurrentUtcDateTime;
            if (left <= TimeSpan.Zero || polls >= maxPolls)
            {
                throw TimedOut(request, operation, bound, polls);
            }

            // The platform's wait, but no shorter than an even share of the time left over the polls left, and never past the deadline.
            var share = left / (maxPolls - polls);
            var wait = TimeSpan.FromTicks(Math.Clamp(Math.Max(operation.PollAfter.Ticks, share.Ticks), MinimumPollWait.Ticks, MaximumPollWait.Ticks));
            await context.CreateTimer(context.CurrentUtcDateTime.Add(wait < left ? wait : left), CancellationToken.None);
            operation = await context.CallActivityAsync<PlatformOperation>(PollPlatformOperationActivity.Name, operation, options);
            polls++;
        }

        return operation;
    }

    // A failure like an activity's, so that the orchestrations' one failure path (OperationSteps.FailAsync) records it.
    private static TaskFailedException TimedOut(PlatformOperationRequest request, PlatformOperation operation, TimeSpan bound, int polls)
    {
        var message = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{request.Kind} of server '{request.ServerId}' did not finish within {bound} ({polls} polls); the platform may still be working on it. Check the server's state on the platform, then retry the operation or delete the instance.");
        return new TaskFailedException(
            PollPlatformOperationActivity.Name, -1, new TaskFailureDetails(typeof(TimeoutException).FullName!, message, StackTrace: null, InnerFailure: null, Properties: null));
    }
}
