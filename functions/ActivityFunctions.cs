using Microsoft.Azure.Functions.Worker;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;

namespace Serverless.Functions;

/// <summary>
/// One activity-trigger function per activity class: the class comes from the app's services with its dependencies
/// injected, exactly as the local worker creates it.
/// </summary>
internal static class ActivityFunctions
{
    [Function(UpdateInstanceActivity.Name)]
    public static Task<bool> UpdateInstance([ActivityTrigger] InstanceUpdate input, FunctionContext context) =>
        ActivityRunner.RunAsync<UpdateInstanceActivity, InstanceUpdate, bool>(UpdateInstanceActivity.Name, input, context);

    [Function(UpdateOperationActivity.Name)]
    public static Task<bool> UpdateOperation([ActivityTrigger] OperationUpdate input, FunctionContext context) =>
        ActivityRunner.RunAsync<UpdateOperationActivity, OperationUpdate, bool>(UpdateOperationActivity.Name, input, context);

    [Function(ConfigureServerActivity.Name)]
    public static Task<bool> ConfigureServer([ActivityTrigger] ConfigureServerInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<ConfigureServerActivity, ConfigureServerInput, bool>(ConfigureServerActivity.Name, input, context);

    [Function(ReadServerStatusActivity.Name)]
    public static Task<ServerSummary> ReadServerStatus([ActivityTrigger] string input, FunctionContext context) =>
        ActivityRunner.RunAsync<ReadServerStatusActivity, string, ServerSummary>(ReadServerStatusActivity.Name, input, context);

    [Function(ReadInstanceParametersActivity.Name)]
    public static Task<ServerParameterSetting[]?> ReadInstanceParameters([ActivityTrigger] ConfigureInstanceInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<ReadInstanceParametersActivity, ConfigureInstanceInput, ServerParameterSetting[]?>(ReadInstanceParametersActivity.Name, input, context);

    [Function(ReadAccessActivity.Name)]
    public static Task<NetworkAccess?> ReadAccess([ActivityTrigger] InstanceOperationInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<ReadAccessActivity, InstanceOperationInput, NetworkAccess?>(ReadAccessActivity.Name, input, context);

    [Function(DeleteSecretsActivity.Name)]
    public static Task<bool> DeleteSecrets([ActivityTrigger] string[] input, FunctionContext context) =>
        ActivityRunner.RunAsync<DeleteSecretsActivity, string[], bool>(DeleteSecretsActivity.Name, input, context);

    [Function(RemoveInstanceActivity.Name)]
    public static Task<bool> RemoveInstance([ActivityTrigger] InstanceOperationInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<RemoveInstanceActivity, InstanceOperationInput, bool>(RemoveInstanceActivity.Name, input, context);

    [Function(DumpSnapshotActivity.Name)]
    public static Task<BackupResult> DumpSnapshot([ActivityTrigger] BackupInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<DumpSnapshotActivity, BackupInput, BackupResult>(DumpSnapshotActivity.Name, input, context);

    [Function(DumpSnapshotStepActivity.Name)]
    public static Task<DumpStepResult> DumpSnapshotStep([ActivityTrigger] BackupInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<DumpSnapshotStepActivity, BackupInput, DumpStepResult>(DumpSnapshotStepActivity.Name, input, context);

    [Function(CaptureSegmentActivity.Name)]
    public static Task<BackupResult> CaptureSegment([ActivityTrigger] BackupInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<CaptureSegmentActivity, BackupInput, BackupResult>(CaptureSegmentActivity.Name, input, context);

    [Function(LoadSnapshotActivity.Name)]
    public static Task<bool> LoadSnapshot([ActivityTrigger] LoadSnapshotInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<LoadSnapshotActivity, LoadSnapshotInput, bool>(LoadSnapshotActivity.Name, input, context);

    [Function(UpdateBackupActivity.Name)]
    public static Task<bool> UpdateBackup([ActivityTrigger] BackupUpdate input, FunctionContext context) =>
        ActivityRunner.RunAsync<UpdateBackupActivity, BackupUpdate, bool>(UpdateBackupActivity.Name, input, context);

    [Function(DeleteArtifactsActivity.Name)]
    public static Task<bool> DeleteArtifacts([ActivityTrigger] DeleteBackupInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<DeleteArtifactsActivity, DeleteBackupInput, bool>(DeleteArtifactsActivity.Name, input, context);

    [Function(RemoveBackupActivity.Name)]
    public static Task<bool> RemoveBackup([ActivityTrigger] DeleteBackupInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<RemoveBackupActivity, DeleteBackupInput, bool>(RemoveBackupActivity.Name, input, context);

    [Function(BeginPlatformOperationActivity.Name)]
    public static Task<PlatformOperation> BeginPlatformOperation([ActivityTrigger] PlatformOperationRequest input, FunctionContext context) =>
        ActivityRunner.RunAsync<BeginPlatformOperationActivity, PlatformOperationRequest, PlatformOperation>(BeginPlatformOperationActivity.Name, input, context);

    [Function(PollPlatformOperationActivity.Name)]
    public static Task<PlatformOperation> PollPlatformOperation([ActivityTrigger] PlatformOperation input, FunctionContext context) =>
        ActivityRunner.RunAsync<PollPlatformOperationActivity, PlatformOperation, PlatformOperation>(PollPlatformOperationActivity.Name, input, context);
}
