using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// <c>EjectSource</c> (instance id <c>eject-{operationId}</c>), a failover from a dead source: refused if the source
/// answers → the old source is fenced (read-only at any later start) → the health of the set is read again: if the source
/// answers now it is unfenced and the eject refused, else the replica that has received the most (by GTID) is elected →
/// the elected replica applies all it received and becomes writable → the others follow it → the
/// catalog records the new roles and marks the old source fenced (<c>ERROR</c>, a replica of the new source to re-sync).
/// On Azure the elected replica's replication stops through ARM (<c>replicationRole: None</c>); Azure cannot re-point
/// replicas or make the old source a replica, so those end <c>ERROR</c> with a fault that says to delete and re-create them.
/// </summary>
[DurableTask(Name)]
internal sealed class EjectSourceOrchestrator : TaskOrchestrator<ReplicaSetOperationInput, string>
{
    public const string Name = "EjectSource";

    // Applying what the elected replica already received is local work; this bounds it.
    private const int ApplySeconds = 300;

    /// <summary>
    /// Makes the old source read-only through the platform (kept at its next start). The local platform marks a server
    /// that is down; Azure may refuse a parameter change on a server it cannot reach, and then the failover goes on (a
    /// dead source takes no writes) and the fault returned tells the operator to delete the old source.
    /// </summary>
    private static async Task<string?> FenceOldSourceAsync(OperationSteps steps, ReplicaSetOperationInput input)
    {
        try
        {
            await steps.RunPlatformOperationAsync("fence-old-source", 10, PlatformOperationRequest.SetReadOnly(input.SourceId, readOnly: true));
            return null;
        }
        catch (TaskFailedException failure) when (input.NativeReplicas)
        {
            return $"The source was ejected from its replica set while it did not answer, and it could not be fenced ({steps.Describe(failure)}): "
                + "if it comes back it would take writes. Delete it.";
        }
    }

    private static string StillAnswers(ReplicaSetOperationInput input) =>
        $"The source {input.SourceId} still answers: eject is for a source that is down. Promote a replica instead.";

    /// <summary>
    /// Lifts the fence when the eject is refused after fencing (the set stays as it was); returns the refusal, saying so if
    /// lifting failed (the source then stays read-only).
    /// </summary>
    private static async Task<string> UnfenceAsync(OperationSteps steps, ReplicaSetOperationInput input, bool fenced, string refusal)
    {
        if (!fenced)
        {
            return refusal;
        }

        try
        {
            await steps.RunPlatformOperationAsync("unfence-source", 15, PlatformOperationRequest.SetReadOnly(input.SourceId, readOnly: false));
            return refusal;
        }
        catch (TaskFailedException failure)
        {
            return $"{refusal} The source was fenced (read_only ON) first, and lifting the fence failed ({steps.Describe(failure)}): "
                + "it stays read-only until an operator makes it writable.";
        }
    }

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ReplicaSetOperationInput input)
    {
        var sets = new ReplicaSetSteps(context, input);
        var steps = new OperationSteps(context, input.ProjectId, input.SourceId, input.OperationId);
        string winner;
        ReplicaHealth elected;
        string? fenceFault;
        try
        {
            // A source that answers is refused before anything changes (the usual mistake: eject instead of promote).
            var before = await steps.RunAsync<MemberHealth[]>("check-source", 5, ReadHealthActivity.Name, new[] { input.SourceId });
            if (before[0].Health.Reachable)
            {
                return await sets.FailUnchangedAsync(StillAnswers(input));
            }

            // Fenced BEFORE the election is read: from the moment a winner is chosen the old source can take no write, even
            // when it comes back (a restarted local host starts it again; a host killed here replays from this step).
            fenceFault = await FenceOldSourceAsync(steps, input);
            var health = await steps.RunAsync<MemberHealth[]>("elect", 15, ReadHealthActivity.Name, new[] { input.SourceId }.Concat(input.ReplicaIds).ToArray());
            if (health[0].Health.Reachable)
            {
                // It came back between the two reads: it stays the source, writable again.
                return await sets.FailUnchangedAsync(await UnfenceAsync(steps, input, fenced: fenceFault is null, StillAnswers(input)));
            }

            var candidates = health.Skip(1).Where(h => h.Health.Reachable).ToList();
            if (candidates.Count == 0)
            {
                return await sets.FailUnchangedAsync(await UnfenceAsync(steps, input, fenced: fenceFault is null,
                    "No replica of the set answers, so none can take over; bring one back and eject again."));
            }

            // The most received wins (what it received it can apply), counted in the dialect of the replicas' servers; ties go
            // to the lower id so a re-run elects the same one.
            var best = candidates
                .OrderByDescending(h => h.Health.TransactionsReceived())
                .ThenBy(h => h.InstanceId, StringComparer.Ordinal)
                .First();
            (winner, elected) = (best.InstanceId, best.Health);
            if (!context.IsReplaying)
            {
                CrashPoints.Reach(CrashPoints.EjectElected);
            }

            await steps.RunAsync<bool>("apply-received", 30, WaitForGtidActivity.Name,
                new GtidWait(winner, elected.ReceivedGtid ?? elected.AppliedGtid ?? string.Empty, ApplySeconds));
            await ReplicaRoles.MakeStandaloneAsync(steps, "promote-replica", 50, winner, input.NativeReplicas);
        }
        catch (TaskFailedException failure)
        {
            return await sets.FailAsync(steps.Describe(failure), [input.SourceId]);
        }

        var followers = input.ReplicaIds.Where(r => r != winner).ToList();
        var faults = input.NativeReplicas
            ? followers.ToDictionary(
                f => f,
                _ => $"Azure cannot point a replica at another source: this replica still follows the ejected source {input.SourceId}. Delete it and create a new replica of {winner}.",
                StringComparer.Ordinal)
            : await ReplicaSetSteps.FollowAsync(steps, winner, followers, 60);
        if (input.NativeReplicas)
        {
            faults[input.SourceId] = fenceFault
                ?? $"The source was ejected from its replica set while it did not answer; it is fenced (read_only ON). Azure cannot make it a replica of {winner}: delete it.";
        }

        followers.Add(input.SourceId);
        return await sets.CompleteAsync(steps, winner, followers, faults, fencedSource: input.NativeReplicas ? null : input.SourceId);
    }
}
