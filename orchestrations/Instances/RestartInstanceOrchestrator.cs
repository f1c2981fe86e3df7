using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Instances;

/// <summary><c>RestartInstance</c> (instance id <c>restart-{operationId}</c>): restart the server → read where it listens → catalog <c>ACTIVE</c>.</summary>
[DurableTask(Name)]
internal sealed class RestartInstanceOrchestrator : TaskOrchestrator<InstanceOperationInput, string>
{
    public const string Name = "RestartInstance";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, InstanceOperationInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunPlatformOperationAsync("restart-server", 20, PlatformOperationRequest.Restart(input.InstanceId));
            var server = await steps.RunAsync<ServerSummary>("read-status", 60, ReadServerStatusActivity.Name, input.InstanceId);
            await steps.SetInstanceStatusAsync("mark-active", 90, InstanceStatus.Active, server.Host, server.Port, server.VolumeUsedGigabytes);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
