using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Configurations;

/// <summary>
/// <c>ConfigureInstance</c> (instance id <c>configure-{operationId}</c>): apply the attached group's values (dynamic ones at
/// once, the others written for the next start) → catalog <c>ACTIVE</c>, or <c>RESTART_REQUIRED</c> when some value waits
/// for a restart.
/// </summary>
[DurableTask(Name)]
internal sealed class ConfigureInstanceOrchestrator : TaskOrchestrator<ConfigureInstanceInput, string>
{
    public const string Name = "ConfigureInstance";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ConfigureInstanceInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            var restartRequired = await steps.RunAsync<bool>("apply-parameters", 30, ApplyParametersActivity.Name, input);
            await steps.SetInstanceStatusAsync("mark-configured", 90, restartRequired ? InstanceStatus.RestartRequired : InstanceStatus.Active);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
