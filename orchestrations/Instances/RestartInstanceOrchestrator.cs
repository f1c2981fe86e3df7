using Serverless.Durable;

namespace Serverless.Orchestrations.Instances;

/// <summary><c>RestartInstance</c>: restart the server → read where it listens → catalog <c>ACTIVE</c>.</summary>
internal sealed class RestartInstanceOrchestrator : Orchestrator<InstanceOperationInput, string>
{
    public override async Task<string> RunAsync(IOrchestrationContext context, InstanceOperationInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunAsync<bool>("restart-server", 20, InstanceActivities.RestartServer, input.InstanceId);
            var server = await steps.RunAsync<ServerSummary>("read-status", 60, InstanceActivities.ReadServerStatus, input.InstanceId);
            await steps.SetInstanceStatusAsync("mark-active", 90, InstanceStatus.Active, server);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
