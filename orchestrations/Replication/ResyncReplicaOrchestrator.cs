using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>ResyncReplica</c> (instance id <c>resync-{operationId}</c>): rebuild a drifted or broken replica's data from a
/// fresh snapshot of its source, keeping its id, server and address, then replicate and catch up → <c>ACTIVE</c>.
/// </summary>
[DurableTask(Name)]
internal sealed class ResyncReplicaOrchestrator : TaskOrchestrator<ReplicaOperationInput, string>
{
    public const string Name = "ResyncReplica";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ReplicaOperationInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.ReplicaId, input.OperationId);
        try
        {
            await ReplicaSeeding.RunAsync(steps, input.ProjectId, input.OperationId, input.ReplicaId, input.SourceId);
            await steps.SetInstanceStatusAsync("mark-active", 95, InstanceStatus.Active);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
