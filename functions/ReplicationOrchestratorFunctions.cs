using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Orchestrations.Replication;

namespace Serverless.Functions;

/// <summary>One orchestration-trigger function per replication orchestrator (see <see cref="OrchestratorFunctions"/>).</summary>
internal static class ReplicationOrchestratorFunctions
{
    [Function(CreateReplicaOrchestrator.Name)]
    public static Task<string> CreateReplica([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CreateReplicaOrchestrator().RunAsync(context, context.GetInput<CreateReplicaInput>()!);

    [Function(PromoteReplicaOrchestrator.Name)]
    public static Task<string> PromoteReplica([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PromoteReplicaOrchestrator().RunAsync(context, context.GetInput<ReplicaSetOperationInput>()!);

    [Function(EjectSourceOrchestrator.Name)]
    public static Task<string> EjectSource([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EjectSourceOrchestrator().RunAsync(context, context.GetInput<ReplicaSetOperationInput>()!);

    [Function(DetachReplicaOrchestrator.Name)]
    public static Task<string> DetachReplica([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DetachReplicaOrchestrator().RunAsync(context, context.GetInput<ReplicaOperationInput>()!);

    [Function(ResyncReplicaOrchestrator.Name)]
    public static Task<string> ResyncReplica([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ResyncReplicaOrchestrator().RunAsync(context, context.GetInput<ReplicaOperationInput>()!);
}
