using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>PromoteReplica</c> (instance id <c>promote-{operationId}</c>), a switchover that loses no acknowledged write:
/// fence the source (read-only; commits in flight finish) and read its last GTID → wait until the replica has applied
/// it → the replica stops replicating and becomes writable → the old source and every other replica follow it → the
/// catalog swaps roles. Every member shows <c>PROMOTE</c> meanwhile. When the replica cannot catch up in time, the
/// source takes writes again and nothing changes.
/// </summary>
[DurableTask(Name)]
internal sealed class PromoteReplicaOrchestrator : TaskOrchestrator<ReplicaSetOperationInput, string>
{
    public const string Name = "PromoteReplica";

    // The replica was checked to be close behind before the operation started; this bounds the write outage if it is not.
    private const int CatchUpSeconds = 60;

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ReplicaSetOperationInput input)
    {
        var newSource = input.NewSourceId!;
        var followers = new List<string> { input.SourceId };
        followers.AddRange(input.ReplicaIds.Where(r => r != newSource));
        var sets = new ReplicaSetSteps(context, input);
        var steps = new OperationSteps(context, input.ProjectId, newSource, input.OperationId);
        try
        {
            await steps.RunPlatformOperationAsync("fence-source", 5, PlatformOperationRequest.SetReadOnly(input.SourceId, readOnly: true));
            var gtid = await steps.RunAsync<string>("fence-source", 10, FenceSourceActivity.Name, input.SourceId);
            await steps.RunAsync<bool>("wait-for-replica", 30, WaitForGtidActivity.Name, new GtidWait(newSource, gtid, CatchUpSeconds));
        }
        catch (TaskFailedException failure)
        {
            // Nothing has moved yet: the source takes writes again and the set stays as it was.
            await context.RunPlatformOperationAsync(PlatformOperationRequest.SetReadOnly(input.SourceId, readOnly: false), OperationSteps.Retry);
            return await sets.FailUnchangedAsync(steps.Describe(failure));
        }

        try
        {
            await ReplicaRoles.MakeStandaloneAsync(steps, "promote-replica", 50, newSource, native: false);
        }
        catch (TaskFailedException failure)
        {
            // The replica may be half promoted; the source stays fenced so that two servers never take writes.
            return await sets.FailAsync(steps.Describe(failure), [.. input.ReplicaIds, input.SourceId]);
        }

        var faults = await ReplicaSetSteps.FollowAsync(steps, newSource, followers, 60);
        return await sets.CompleteAsync(steps, newSource, followers, faults, fencedSource: null);
    }
}
