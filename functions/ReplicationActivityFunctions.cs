using Microsoft.Azure.Functions.Worker;
using Serverless.Orchestrations.Replication;

namespace Serverless.Functions;

/// <summary>One activity-trigger function per replication activity (see <see cref="ActivityFunctions"/>).</summary>
internal static class ReplicationActivityFunctions
{
    [Function(EnsureReplicationAccountActivity.Name)]
    public static Task<bool> EnsureReplicationAccount([ActivityTrigger] ReplicaLink input, FunctionContext context) =>
        ActivityRunner.RunAsync<EnsureReplicationAccountActivity, ReplicaLink, bool>(EnsureReplicationAccountActivity.Name, input, context);

    [Function(SeedReplicaActivity.Name)]
    public static Task<string> SeedReplica([ActivityTrigger] SeedReplicaInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<SeedReplicaActivity, SeedReplicaInput, string>(SeedReplicaActivity.Name, input, context);

    [Function(ReplicateFromActivity.Name)]
    public static Task<bool> ReplicateFrom([ActivityTrigger] ReplicaLink input, FunctionContext context) =>
        ActivityRunner.RunAsync<ReplicateFromActivity, ReplicaLink, bool>(ReplicateFromActivity.Name, input, context);

    [Function(CatchUpActivity.Name)]
    public static Task<bool> CatchUp([ActivityTrigger] ReplicaLink input, FunctionContext context) =>
        ActivityRunner.RunAsync<CatchUpActivity, ReplicaLink, bool>(CatchUpActivity.Name, input, context);

    [Function(WaitForGtidActivity.Name)]
    public static Task<bool> WaitForGtid([ActivityTrigger] GtidWait input, FunctionContext context) =>
        ActivityRunner.RunAsync<WaitForGtidActivity, GtidWait, bool>(WaitForGtidActivity.Name, input, context);

    [Function(FenceSourceActivity.Name)]
    public static Task<string> FenceSource([ActivityTrigger] string input, FunctionContext context) =>
        ActivityRunner.RunAsync<FenceSourceActivity, string, string>(FenceSourceActivity.Name, input, context);

    [Function(StopReplicatingActivity.Name)]
    public static Task<bool> StopReplicating([ActivityTrigger] string input, FunctionContext context) =>
        ActivityRunner.RunAsync<StopReplicatingActivity, string, bool>(StopReplicatingActivity.Name, input, context);

    [Function(CatchUpNativeReplicaActivity.Name)]
    public static Task<bool> CatchUpNativeReplica([ActivityTrigger] ReplicaLink input, FunctionContext context) =>
        ActivityRunner.RunAsync<CatchUpNativeReplicaActivity, ReplicaLink, bool>(CatchUpNativeReplicaActivity.Name, input, context);

    [Function(ReadHealthActivity.Name)]
    public static Task<MemberHealth[]> ReadHealth([ActivityTrigger] string[] input, FunctionContext context) =>
        ActivityRunner.RunAsync<ReadHealthActivity, string[], MemberHealth[]>(ReadHealthActivity.Name, input, context);

    [Function(UpdateReplicaSetActivity.Name)]
    public static Task<bool> UpdateReplicaSet([ActivityTrigger] ReplicaSetUpdate input, FunctionContext context) =>
        ActivityRunner.RunAsync<UpdateReplicaSetActivity, ReplicaSetUpdate, bool>(UpdateReplicaSetActivity.Name, input, context);

    [Function(UnlinkReplicaActivity.Name)]
    public static Task<bool> UnlinkReplica([ActivityTrigger] ReplicaUnlink input, FunctionContext context) =>
        ActivityRunner.RunAsync<UnlinkReplicaActivity, ReplicaUnlink, bool>(UnlinkReplicaActivity.Name, input, context);
}
