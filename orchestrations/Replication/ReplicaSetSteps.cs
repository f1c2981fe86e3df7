using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Replication;

/// <summary>The steps promote and eject share: re-point followers, write the new roles, and end the operation.</summary>
internal sealed class ReplicaSetSteps(TaskOrchestrationContext context, ReplicaSetOperationInput input)
{
    /// <summary>Points each follower at the new source; returns the fault of each one that could not follow.</summary>
    public static async Task<Dictionary<string, string>> FollowAsync(OperationSteps steps, string newSource, IReadOnlyList<string> followers, int percent)
    {
        var faults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var follower in followers)
        {
            try
            {
                var link = new ReplicaLink(follower, newSource);
                await steps.RunAsync<bool>("replication-account", percent, EnsureReplicationAccountActivity.Name, link);
                await steps.RunAsync<bool>("follow-new-source", percent + 10, ReplicateFromActivity.Name, link);
            }
            catch (TaskFailedException failure)
            {
                faults[follower] = $"{steps.Describe(failure)} The instance no longer replicates; re-sync it.";
            }
        }

        return faults;
    }

    /// <summary>Writes the new roles (the source, its replicas, a fenced former source) and completes the operation.</summary>
    public async Task<string> CompleteAsync(OperationSteps steps, string newSource, IReadOnlyList<string> followers, Dictionary<string, string> faults, string? fencedSource)
    {
        var members = new List<MemberState> { new(newSource, InstanceStatus.Active, ReplicaOf: null, Replicas: [.. followers], Fault: null) };
        foreach (var follower in followers)
        {
            var fault = follower == fencedSource
                ? $"The source was ejected from its replica set while it did not answer; it is fenced (read-only) and no longer replicates. Re-sync it to make it a replica of {newSource}, or delete it."
                : faults.GetValueOrDefault(follower);
            members.Add(new MemberState(follower, fault is null ? InstanceStatus.Active : InstanceStatus.Error, newSource, Replicas: [], fault));
        }

        await steps.RunAsync<bool>("swap-roles", 90, UpdateReplicaSetActivity.Name, new ReplicaSetUpdate(input.ProjectId, input.OperationId, members));
        return await steps.CompleteAsync();
    }

    /// <summary>Puts every member back as it was (<c>ACTIVE</c>, same roles) and fails the operation.</summary>
    public Task<string> FailUnchangedAsync(string error)
    {
        var members = new List<MemberState> { new(input.SourceId, InstanceStatus.Active, ReplicaOf: null, input.ReplicaIds, Fault: null) };
        members.AddRange(input.ReplicaIds.Select(r => new MemberState(r, InstanceStatus.Active, input.SourceId, [], null)));
        return EndFailedAsync(members, error);
    }

    /// <summary>Marks the given members <c>ERROR</c> with the error (same roles) and fails the operation.</summary>
    public Task<string> FailAsync(string error, IReadOnlyCollection<string> broken)
    {
        var members = new List<MemberState>
        {
            new(input.SourceId, broken.Contains(input.SourceId) ? InstanceStatus.Error : InstanceStatus.Active, ReplicaOf: null, input.ReplicaIds, broken.Contains(input.SourceId) ? error : null),
        };
        members.AddRange(input.ReplicaIds.Select(r => new MemberState(
            r, broken.Contains(r) ? InstanceStatus.Error : InstanceStatus.Active, input.SourceId, [], broken.Contains(r) ? error : null)));
        return EndFailedAsync(members, error);
    }

    private async Task<string> EndFailedAsync(List<MemberState> members, string error)
    {
        await context.CallActivityAsync<bool>(UpdateReplicaSetActivity.Name, new ReplicaSetUpdate(input.ProjectId, input.OperationId, members), OperationSteps.Retry);
        await context.CallActivityAsync<bool>(
            UpdateOperationActivity.Name, new OperationUpdate(input.ProjectId, input.OperationId, OperationStatus.Failed, null, 0, error), OperationSteps.Retry);
        return OperationStatus.Failed;
    }
}
