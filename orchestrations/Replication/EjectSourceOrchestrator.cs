using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>EjectSource</c> (instance id <c>eject-{operationId}</c>), a failover from a dead source: refused if the source
/// answers → the replica that has received the most (by GTID) is elected → the old source is fenced (read-only at any
/// later start) → the elected replica applies all it received and becomes writable → the others follow it → the
/// catalog records the new roles and marks the old source fenced (<c>ERROR</c>, a replica of the new source to re-sync).
/// </summary>
[DurableTask(Name)]
internal sealed class EjectSourceOrchestrator : TaskOrchestrator<ReplicaSetOperationInput, string>
{
    public const string Name = "EjectSource";

    // Applying what the elected replica already received is local work; this bounds it.
    private const int ApplySeconds = 300;

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ReplicaSetOperationInput input)
    {
        var sets = new ReplicaSetSteps(context, input);
        var steps = new OperationSteps(context, input.ProjectId, input.SourceId, input.OperationId);
        string winner;
        ReplicaHealth elected;
        try
        {
            var health = await steps.RunAsync<MemberHealth[]>("elect", 10, ReadHealthActivity.Name, new[] { input.SourceId }.Concat(input.ReplicaIds).ToArray());
            if (health[0].Health.Reachable)
            {
                return await sets.FailUnchangedAsync($"The source {input.SourceId} still answers: eject is for a source that is down. Promote a replica instead.");
            }

            var candidates = health.Skip(1).Where(h => h.Health.Reachable).ToList();
            if (candidates.Count == 0)
            {
                return await sets.FailUnchangedAsync("No replica of the set answers, so none can take over; bring one back and eject again.");
            }

            // The most received wins (what it received it can apply); ties go to the lower id so a re-run elects the same one.
            var best = candidates
                .OrderByDescending(h => GtidPosition.Sequences(h.Health.ReceivedGtid ?? h.Health.AppliedGtid).Values.Sum())
                .ThenBy(h => h.InstanceId, StringComparer.Ordinal)
                .First();
            (winner, elected) = (best.InstanceId, best.Health);
            await steps.RunAsync<bool>("fence-old-source", 20, SetReadOnlyActivity.Name, new ReadOnlyChange(input.SourceId, ReadOnly: true));
            await steps.RunAsync<bool>("apply-received", 30, WaitForGtidActivity.Name,
                new GtidWait(winner, elected.ReceivedGtid ?? elected.AppliedGtid ?? string.Empty, ApplySeconds));
            await steps.RunAsync<bool>("promote-replica", 50, StopReplicatingActivity.Name, winner);
        }
        catch (TaskFailedException failure)
        {
            return await sets.FailAsync(steps.Describe(failure), [input.SourceId]);
        }

        var followers = input.ReplicaIds.Where(r => r != winner).ToList();
        var faults = await ReplicaSetSteps.FollowAsync(steps, winner, followers, 60);
        followers.Add(input.SourceId);
        return await sets.CompleteAsync(steps, winner, followers, faults, fencedSource: input.SourceId);
    }
}
