using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// <c>DeleteInstance</c> (instance id <c>delete-{instanceId}</c>): delete the server and its data → delete the
/// instance's secrets → remove the instance and its name from the catalog.
/// </summary>
[DurableTask(Name)]
internal sealed class DeleteInstanceOrchestrator : TaskOrchestrator<InstanceOperationInput, string>
{
    public const string Name = "DeleteInstance";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, InstanceOperationInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunPlatformOperationAsync("delete-server", 20, PlatformOperationRequest.Delete(input.InstanceId));
            await steps.RunAsync<bool>("delete-secrets", 60, DeleteSecretsActivity.Name, input.SecretIds.ToArray());
            await steps.RunAsync<bool>("remove-from-catalog", 85, RemoveInstanceActivity.Name, input);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
