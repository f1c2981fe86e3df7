using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;

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
            // The values are read in a step of their own, then applied through the platform-operation loop: on Azure the
            // batch is an ARM operation polled with durable timers, and a host restart polls it again instead of re-sending.
            var parameters = await steps.RunAsync<ServerParameterSetting[]?>("read-parameters", 20, ReadInstanceParametersActivity.Name, input);
            var restartRequired = parameters is not null
                && (await steps.RunPlatformOperationAsync("apply-parameters", 30, PlatformOperationRequest.ApplyParameters(input.InstanceId, parameters))).RestartRequired;
            await steps.SetInstanceStatusAsync("mark-configured", 90, restartRequired ? InstanceStatus.RestartRequired : InstanceStatus.Active);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
