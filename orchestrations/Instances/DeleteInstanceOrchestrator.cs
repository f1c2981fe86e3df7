using Serverless.Durable;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// <c>DeleteInstance</c>: delete the server and its data → delete the instance's secrets → remove the
/// instance and its name from the catalog.
/// </summary>
internal sealed class DeleteInstanceOrchestrator : Orchestrator<InstanceOperationInput, string>
{
    public override async Task<string> RunAsync(IOrchestrationContext context, InstanceOperationInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunAsync<bool>("delete-server", 20, InstanceActivities.DeleteServer, input.InstanceId);
            await steps.RunAsync<bool>("delete-secrets", 60, InstanceActivities.DeleteSecrets, input.SecretIds.ToArray());
            await steps.RunAsync<bool>("remove-from-catalog", 85, InstanceActivities.RemoveInstance, input);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
