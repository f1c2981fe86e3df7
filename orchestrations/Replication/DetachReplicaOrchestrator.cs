using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>DetachReplica</c> (instance id <c>detach-{operationId}</c>): stop replication and forget the source, writable,
/// the source forgets the replica (or, for an external source, the catalog forgets it and its password is deleted)
/// → a standalone <c>ACTIVE</c> instance. Also the cut-over of a migration. On Azure replication stops through ARM
/// (<c>replicationRole: None</c>, for good), polled like every long platform operation.
/// </summary>
[DurableTask(Name)]
internal sealed class DetachReplicaOrchestrator : TaskOrchestrator<ReplicaOperationInput, string>
{
    public const string Name = "DetachReplica";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ReplicaOperationInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.ReplicaId, input.OperationId);
        try
        {
            await ReplicaRoles.MakeStandaloneAsync(steps, "stop-replication", 30, input.ReplicaId, input.NativeReplicas);
            if (input.FromExternalSource)
            {
                await steps.RunAsync<bool>("forget-external-source", 60, ForgetExternalSourceActivity.Name, new ExternalReplicaStep(input.ProjectId, input.OperationId, input.ReplicaId));
            }
            else
            {
                await steps.RunAsync<bool>("unlink-from-source", 60, UnlinkReplicaActivity.Name, new ReplicaUnlink(input.ProjectId, input.SourceId, input.ReplicaId));
            }

            await steps.RunAsync<bool>("mark-standalone", 90, UpdateReplicaSetActivity.Name, new ReplicaSetUpdate(
                input.ProjectId, input.OperationId, [new MemberState(input.ReplicaId, InstanceStatus.Active, ReplicaOf: null, Replicas: [], Fault: null)]));
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
