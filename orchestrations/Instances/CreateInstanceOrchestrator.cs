using Serverless.Durable;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// <c>CreateInstance</c>: provision the server → create its databases and users → read where it listens
/// and how much it uses → catalog <c>ACTIVE</c>. Returns the operation's end status.
/// </summary>
internal sealed class CreateInstanceOrchestrator : Orchestrator<CreateInstanceInput, string>
{
    public override async Task<string> RunAsync(IOrchestrationContext context, CreateInstanceInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunAsync<ServerEndpoint>("provision-server", 10, InstanceActivities.ProvisionServer, input.Spec);
            await steps.RunAsync<bool>("configure-databases", 40, InstanceActivities.ConfigureServer,
                new ConfigureServerInput(input.InstanceId, input.Databases, input.Users));
            var server = await steps.RunAsync<ServerSummary>("read-status", 70, InstanceActivities.ReadServerStatus, input.InstanceId);
            await steps.SetInstanceStatusAsync("mark-active", 90, InstanceStatus.Active, server);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
