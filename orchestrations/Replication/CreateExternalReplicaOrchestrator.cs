using Microsoft.DurableTask;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>CreateExternalReplica</c> (instance id <c>create-{instanceId}</c>), a migration from a server outside the service:
/// check the source (before anything is provisioned) → provision a read-only server → seed it from a consistent
/// snapshot of the named databases with its GTID → replicate them from the source → caught up → <c>ACTIVE</c>.
/// Detach is the cut-over. Returns the operation's end status.
/// </summary>
[DurableTask(Name)]
internal sealed class CreateExternalReplicaOrchestrator : TaskOrchestrator<CreateExternalReplicaInput, string>
{
    public const string Name = "CreateExternalReplica";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, CreateExternalReplicaInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        var step = new ExternalReplicaStep(input.ProjectId, input.OperationId, input.InstanceId);
        try
        {
            await steps.RunAsync<string>("check-source", 5, CheckExternalSourceActivity.Name, step);
            await steps.RunPlatformOperationAsync("provision-server", 10, PlatformOperationRequest.Provision(input.Spec) with
            {
                Owner = new PlatformOperationOwner(input.ProjectId, input.InstanceId, input.OperationId),
            });
            await steps.RunAsync<string>(
                "seed-from-snapshot", 30, SeedReplicaActivity.Name, new SeedReplicaInput(input.ProjectId, input.OperationId, input.InstanceId, SourceId: string.Empty) { FromExternalSource = true }, BackupSteps.DataRetry);
            await steps.RunAsync<bool>("start-replication", 70, ReplicateFromExternalActivity.Name, step);
            await steps.RunAsync<bool>("catch-up", 80, CatchUpExternalActivity.Name, step);
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
