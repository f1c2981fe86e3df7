using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// <c>ResizeInstance</c> (instance id <c>resize-{operationId}</c>): resize the server (the platform restarts it with the new
/// flavor's settings, or grows its volume) → read where it listens → catalog <c>ACTIVE</c> with the new flavor or volume,
/// which the instance shows only from then on.
/// </summary>
[DurableTask(Name)]
internal sealed class ResizeInstanceOrchestrator : TaskOrchestrator<ResizeInstanceInput, string>
{
    public const string Name = "ResizeInstance";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ResizeInstanceInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunPlatformOperationAsync("resize-server", 20, PlatformOperationRequest.Resize(input.InstanceId, input.Flavor, input.VolumeSizeGigabytes));
            var server = await steps.RunAsync<ServerSummary>("read-status", 60, ReadServerStatusActivity.Name, input.InstanceId);
            await steps.RunAsync<bool>("mark-active", 90, UpdateInstanceActivity.Name, new InstanceUpdate(
                input.ProjectId, input.InstanceId, input.OperationId, InstanceStatus.Active, server.Host, server.Port, server.VolumeUsedGigabytes, Fault: null)
            {
                FlavorId = input.FlavorId,
                VolumeSizeGigabytes = input.VolumeSizeGigabytes,
            });
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
