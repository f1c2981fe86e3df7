using Serverless.Durable;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Runs an operation's steps inside an orchestration: publishes each step and its progress as custom
/// status before it runs, and records the end (completed, or failed with the instance in <c>ERROR</c>).
/// </summary>
internal sealed class OperationSteps(IOrchestrationContext context, string projectId, string instanceId, string operationId)
{
    // Platform calls can meet a transient failure (a port taken meanwhile, a slow start); a step that
    // fails three times is a fault worth showing.
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2.0));

    private string _step = "";
    private int _percent;

    public Task<T> RunAsync<T>(string step, int percent, string activity, object? input)
    {
        _step = step;
        _percent = percent;
        context.SetCustomStatus(new OperationProgress(step, percent));
        return context.CallActivityAsync<T>(activity, input, Retry);
    }

    public Task SetInstanceStatusAsync(string step, int percent, string status, ServerSummary? server) =>
        RunAsync<bool>(step, percent, InstanceActivities.UpdateInstance, new InstanceUpdate(
            projectId, instanceId, operationId, status, server?.Host, server?.Port, server?.VolumeUsedGigabytes, Fault: null));

    public async Task<string> CompleteAsync()
    {
        context.SetCustomStatus(new OperationProgress(_step, 100));
        await context.CallActivityAsync<bool>(
            InstanceActivities.UpdateOperation, new OperationUpdate(projectId, operationId, OperationStatus.Completed, _step, 100, Error: null), Retry);
        return OperationStatus.Completed;
    }

    /// <summary>
    /// Records the failure of the current step on the instance (<c>ERROR</c> with a fault) and on the operation.
    /// The message is the activity's error message, which platforms and activities keep free of secrets.
    /// </summary>
    public async Task<string> FailAsync(TaskFailedException failure)
    {
        var error = $"The {_step} step failed: {failure.FailureDetails.ErrorMessage}";
        context.SetCustomStatus(new OperationProgress(_step, _percent));
        await context.CallActivityAsync<bool>(
            InstanceActivities.UpdateInstance,
            new InstanceUpdate(projectId, instanceId, operationId, InstanceStatus.Error, Host: null, Port: null, VolumeUsedGigabytes: null, error),
            Retry);
        await context.CallActivityAsync<bool>(
            InstanceActivities.UpdateOperation, new OperationUpdate(projectId, operationId, OperationStatus.Failed, _step, _percent, error), Retry);
        return OperationStatus.Failed;
    }
}
