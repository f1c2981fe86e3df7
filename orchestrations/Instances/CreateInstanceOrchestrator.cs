using Microsoft.DurableTask;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// <c>CreateInstance</c> (instance id <c>create-{instanceId}</c>): provision the server → its configuration group, if any
/// (<see cref="InheritedConfiguration"/>) → (restoring: load the backup's
/// snapshot) → create its databases and users → its access, when public (<see cref="NetworkAccessSteps"/>) → read where it listens and how much it uses → catalog <c>ACTIVE</c>.
/// Returns the operation's end status.
/// </summary>
[DurableTask(Name)]
internal sealed class CreateInstanceOrchestrator : TaskOrchestrator<CreateInstanceInput, string>
{
    public const string Name = "CreateInstance";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, CreateInstanceInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunPlatformOperationAsync("provision-server", 10, PlatformOperationRequest.Provision(input.Spec) with
            {
                Owner = new PlatformOperationOwner(input.ProjectId, input.InstanceId, input.OperationId),
            });
            await InheritedConfiguration.ApplyAsync(steps, new ConfigureInstanceInput(input.ProjectId, input.InstanceId, input.OperationId), input.ConfigurationId, 12);
            if (input.BackupId is { } backupId)
            {
                await steps.RunAsync<bool>(BackupSteps.LoadSnapshotStep, BackupSteps.LoadSnapshotStartPercent, LoadSnapshotActivity.Name,
                    new LoadSnapshotInput(input.ProjectId, input.InstanceId, input.OperationId, backupId)
                    {
                        Segments = input.RestoreSegments,
                        RestoreTime = input.RestoreTime,
                        RestoreGtid = input.RestoreGtid,
                    },
                    BackupSteps.DataRetry);
            }

            await steps.RunAsync<bool>("configure-databases", 40, ConfigureServerActivity.Name,
                new ConfigureServerInput(input.InstanceId, input.Databases, input.Users));
            await NetworkAccessSteps.ApplyAsync(steps, new InstanceOperationInput(input.ProjectId, input.InstanceId, input.OperationId, []), 60, skipPrivate: true);
            var server = await steps.RunAsync<ServerSummary>("read-status", 70, ReadServerStatusActivity.Name, input.InstanceId);
            await steps.SetInstanceStatusAsync("mark-active", 90, InstanceStatus.Active, server.Host, server.Port, server.VolumeUsedGigabytes);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
