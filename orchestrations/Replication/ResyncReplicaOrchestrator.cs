using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>ResyncReplica</c> (instance id <c>resync-{operationId}</c>): rebuild a drifted or broken replica's data from a
/// fresh snapshot of its source, keeping its id, server and address, then replicate and catch up → <c>ACTIVE</c>.
/// A replica whose server is down (it crashed, or was stopped) is started first: its owner asks for a working replica,
/// and every step after this one needs the server running.
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
            // Starting a server that runs does nothing, on either platform.
            await steps.RunPlatformOperationAsync("start-server", 10, PlatformOperationRequest.Start(input.ReplicaId));
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
