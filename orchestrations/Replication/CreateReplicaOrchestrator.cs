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
/// snapshot of the source with its GTID → replicate over TLS with GTID auto-positioning → caught up → catalog
/// <c>ACTIVE</c>. On a platform that makes replicas itself (Azure) the platform creates the replica (one begin/poll
/// operation, resumed after a host restart) and seeds and replicates it; the orchestration gives it the group and then
/// only waits until it replicates and has caught up. Returns the operation's end status.
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
            var owner = new PlatformOperationOwner(input.ProjectId, input.InstanceId, input.OperationId);
            if (input.NativeReplicas)
            {
                await steps.RunPlatformOperationAsync("create-replica", 10, PlatformOperationRequest.CreateReplica(input.Spec, input.SourceId) with
                {
                    Owner = owner,
                    Deadline = input.PlatformDeadline,
                });
                await InheritedConfiguration.ApplyAsync(steps, new ConfigureInstanceInput(input.ProjectId, input.InstanceId, input.OperationId), input.ConfigurationId, 12);
                await steps.RunAsync<bool>("catch-up", 80, CatchUpNativeReplicaActivity.Name, new ReplicaLink(input.InstanceId, input.SourceId));
            }
            else
            {
                await steps.RunPlatformOperationAsync("provision-server", 10, PlatformOperationRequest.Provision(input.Spec) with { Owner = owner });
                await InheritedConfiguration.ApplyAsync(steps, new ConfigureInstanceInput(input.ProjectId, input.InstanceId, input.OperationId), input.ConfigurationId, 12);
                await ReplicaSeeding.RunAsync(steps, input.ProjectId, input.OperationId, input.InstanceId, input.SourceId);
            }

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
