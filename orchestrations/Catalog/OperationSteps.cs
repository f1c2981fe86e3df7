using Microsoft.DurableTask;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// Runs an operation's steps inside an orchestration: publishes each step and its progress as custom
/// status before it runs, and records the end (completed, or failed with the instance in <c>ERROR</c>,
/// or back in <c>ACTIVE</c> when the failure leaves it intact, as a failed backup does).
/// </summary>
internal sealed class OperationSteps(TaskOrchestrationContext context, string projectId, string instanceId, string operationId)
{
    // Platform calls can meet a transient failure (a port taken meanwhile, a slow start); a step that
    // fails three times is a fault worth showing.
    public static readonly RetryPolicy StepRetryPolicy = new(3, TimeSpan.FromSeconds(1), 2.0);

    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(StepRetryPolicy);

    private string _step = "";
    private int _percent;
    private OperationProgress? _counted;

    /// <summary>Runs <paramref name="activity"/> as step <paramref name="step"/>, retried as <paramref name="options"/> say (three attempts when null).</summary>
    public Task<T> RunAsync<T>(string step, int percent, string activity, object? input, TaskOptions? options = null)
    {
        _step = step;
        _percent = percent;
        context.SetCustomStatus(_counted?.Step == step ? _counted with { Percent = percent } : new OperationProgress(step, percent));
        return context.CallActivityAsync<T>(activity, input, options ?? Retry);
    }

    /// <summary>
    /// Shows in the custom status of step <paramref name="step"/>'s next runs how many of its units of work are done
    /// (a step run again until its work is done, such as a resumable backup's dump in budgeted steps).
    /// </summary>
    public void Count(string step, long done, long total, string unit) =>
        _counted = new OperationProgress(step, 0) { Done = done, Total = total, Unit = unit };

    /// <summary>
    /// Runs a long platform operation as step <paramref name="step"/>: begun, then polled with durable timers in between
    /// (<see cref="PlatformOperationSteps.RunPlatformOperationAsync"/>); each begin and poll retried as <see cref="RunAsync{T}"/>'s steps.
    /// </summary>
    public Task<PlatformOperation> RunPlatformOperationAsync(string step, int percent, PlatformOperationRequest request)
    {
        _step = step;
        _percent = percent;
        context.SetCustomStatus(new OperationProgress(step, percent));
        return context.RunPlatformOperationAsync(request, Retry);
    }

    /// <summary>What failed, for faults and operation errors: the step and the activity's message.</summary>
    public string Describe(TaskFailedException failure) => $"The {_step} step failed: {failure.FailureDetails.ErrorMessage}";

    /// <summary>Runs the step that sets the instance's status, with its endpoint and used volume when known.</summary>
    public Task SetInstanceStatusAsync(string step, int percent, string status, string? host = null, int? port = null, double? volumeUsedGigabytes = null) =>
        RunAsync<bool>(step, percent, UpdateInstanceActivity.Name, new InstanceUpdate(
            projectId, instanceId, operationId, status, host, port, volumeUsedGigabytes, Fault: null));

    public async Task<string> CompleteAsync()
    {
        context.SetCustomStatus(new OperationProgress(_step, 100));
        await context.CallActivityAsync<bool>(
            UpdateOperationActivity.Name, new OperationUpdate(projectId, operationId, OperationStatus.Completed, _step, 100, Error: null), Retry);
        return OperationStatus.Completed;
    }

    /// <summary>
    /// Records the failure of the current step on the instance and on the operation. The instance goes to
    /// <paramref name="instanceStatus"/>: <c>ERROR</c> with the failure as its fault, or <c>ACTIVE</c> without one
    /// when the failure did not touch it. The message is the activity's error message, which platforms and
    /// activities keep free of secrets.
    /// </summary>
    public async Task<string> FailAsync(TaskFailedException failure, string instanceStatus = InstanceStatus.Error)
    {
        var error = Describe(failure);
        context.SetCustomStatus(new OperationProgress(_step, _percent));
        await context.CallActivityAsync<bool>(
            UpdateInstanceActivity.Name,
            new InstanceUpdate(
                projectId, instanceId, operationId, instanceStatus, Host: null, Port: null, VolumeUsedGigabytes: null, instanceStatus == InstanceStatus.Error ? error : null),
            Retry);
        await context.CallActivityAsync<bool>(
            UpdateOperationActivity.Name, new OperationUpdate(projectId, operationId, OperationStatus.Failed, _step, _percent, error), Retry);
        return OperationStatus.Failed;
    }
}
