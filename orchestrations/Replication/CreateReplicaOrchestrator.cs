using Microsoft.DurableTask;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>CreateReplica</c> (instance id <c>create-{instanceId}</c>): provision a read-only server → its source's configuration
/// group, if any (<see cref="InheritedConfiguration"/>) → replication account on the source → seed from a consistent
/// snapshot of the source with its GTID → replicate over TLS with GTID auto-positioning → caught up → catalog <c>ACTIVE</c>. Returns the operation's end status.
/// </summary>
[DurableTask(Name)]
internal sealed class CreateReplicaOrchestrator : TaskOrchestrator<CreateReplicaInput, string>
{
    public const string Name = "CreateReplica";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, CreateReplicaInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunPlatformOperationAsync("provision-server", 10, PlatformOperationRequest.Provision(input.Spec) with
            {
                Owner = new PlatformOperationOwner(input.ProjectId, input.InstanceId, input.OperationId),
            });
            await InheritedConfiguration.ApplyAsync(steps, new ConfigureInstanceInput(input.ProjectId, input.InstanceId, input.OperationId), input.ConfigurationId, 12);
            await ReplicaSeeding.RunAsync(steps, input.ProjectId, input.OperationId, input.InstanceId, input.SourceId);
            var server = await steps.RunAsync<ServerSummary>("read-status", 90, ReadServerStatusActivity.Name, input.InstanceId);
            await steps.SetInstanceStatusAsync("mark-active", 95, InstanceStatus.Active, server.Host, server.Port, server.VolumeUsedGigabytes);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
