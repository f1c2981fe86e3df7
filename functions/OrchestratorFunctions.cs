using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Instances;

namespace Serverless.Functions;

/// <summary>
/// One orchestration-trigger function per orchestrator class (what the [DurableTask] source generator would write,
/// which is not available here): the Functions host runs the same classes the local runtime runs.
/// </summary>
internal static class OrchestratorFunctions
{
    [Function(CreateInstanceOrchestrator.Name)]
    public static Task<string> CreateInstance([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CreateInstanceOrchestrator().RunAsync(context, context.GetInput<CreateInstanceInput>()!);

    [Function(RestartInstanceOrchestrator.Name)]
    public static Task<string> RestartInstance([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RestartInstanceOrchestrator().RunAsync(context, context.GetInput<InstanceOperationInput>()!);

    [Function(ResizeInstanceOrchestrator.Name)]
    public static Task<string> ResizeInstance([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ResizeInstanceOrchestrator().RunAsync(context, context.GetInput<ResizeInstanceInput>()!);

    [Function(ApplyAccessOrchestrator.Name)]
    public static Task<string> ApplyAccess([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ApplyAccessOrchestrator().RunAsync(context, context.GetInput<InstanceOperationInput>()!);

    [Function(ConfigureInstanceOrchestrator.Name)]
    public static Task<string> ConfigureInstance([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ConfigureInstanceOrchestrator().RunAsync(context, context.GetInput<ConfigureInstanceInput>()!);

    [Function(DeleteInstanceOrchestrator.Name)]
    public static Task<string> DeleteInstance([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DeleteInstanceOrchestrator().RunAsync(context, context.GetInput<InstanceOperationInput>()!);

    [Function(BackupOrchestrator.Name)]
    public static Task<string> Backup([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new BackupOrchestrator().RunAsync(context, context.GetInput<BackupInput>()!);

    [Function(DeleteBackupOrchestrator.Name)]
    public static Task<string> DeleteBackup([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DeleteBackupOrchestrator().RunAsync(context, context.GetInput<DeleteBackupInput>()!);
}
