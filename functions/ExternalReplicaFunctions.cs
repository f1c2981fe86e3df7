using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Orchestrations.Replication;

namespace Serverless.Functions;

/// <summary>The functions of a migration from an external source: its orchestrator and its own activities.</summary>
internal static class ExternalReplicaFunctions
{
    [Function(CreateExternalReplicaOrchestrator.Name)]
    public static Task<string> CreateExternalReplica([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CreateExternalReplicaOrchestrator().RunAsync(context, context.GetInput<CreateExternalReplicaInput>()!);

    [Function(CheckExternalSourceActivity.Name)]
    public static Task<string> CheckExternalSource([ActivityTrigger] ExternalReplicaStep input, FunctionContext context) =>
        ActivityRunner.RunAsync<CheckExternalSourceActivity, ExternalReplicaStep, string>(CheckExternalSourceActivity.Name, input, context);

    [Function(ReplicateFromExternalActivity.Name)]
    public static Task<bool> ReplicateFromExternal([ActivityTrigger] ExternalReplicaStep input, FunctionContext context) =>
        ActivityRunner.RunAsync<ReplicateFromExternalActivity, ExternalReplicaStep, bool>(ReplicateFromExternalActivity.Name, input, context);

    [Function(CatchUpExternalActivity.Name)]
    public static Task<bool> CatchUpExternal([ActivityTrigger] ExternalReplicaStep input, FunctionContext context) =>
        ActivityRunner.RunAsync<CatchUpExternalActivity, ExternalReplicaStep, bool>(CatchUpExternalActivity.Name, input, context);

    [Function(ForgetExternalSourceActivity.Name)]
    public static Task<bool> ForgetExternalSource([ActivityTrigger] ExternalReplicaStep input, FunctionContext context) =>
        ActivityRunner.RunAsync<ForgetExternalSourceActivity, ExternalReplicaStep, bool>(ForgetExternalSourceActivity.Name, input, context);
}
