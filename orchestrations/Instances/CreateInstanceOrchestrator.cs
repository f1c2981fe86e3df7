using Serverless.Durable;
using Serverless.Orchestrations.Backups;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// <c>CreateInstance</c>: provision the server → (restoring: load the backup's snapshot) → create its databases
/// and users → read where it listens and how much it uses → catalog <c>ACTIVE</c>. Returns the operation's end status.
/// </summary>
internal sealed class CreateInstanceOrchestrator : Orchestrator<CreateInstanceInput, string>
{
    public override async Task<string> RunAsync(IOrchestrationContext context, CreateInstanceInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunAsync<ServerEndpoint>("provision-server", 10, InstanceActivities.ProvisionServer, input.Spec);
            if (input.BackupId is { } backupId)
            {
                await steps.RunAsync<bool>(BackupActivities.LoadSnapshotStep, BackupActivities.LoadSnapshotStartPercent, BackupActivities.LoadSnapshot,
                    new LoadSnapshotInput(input.ProjectId, input.InstanceId, input.OperationId, backupId), BackupActivities.DataRetry);
            }

            await steps.RunAsync<bool>("configure-databases", 40, InstanceActivities.ConfigureServer,
                new ConfigureServerInput(input.InstanceId, input.Databases, input.Users));
            var server = await steps.RunAsync<ServerSummary>("read-status", 70, InstanceActivities.ReadServerStatus, input.InstanceId);
            await steps.SetInstanceStatusAsync("mark-active", 90, InstanceStatus.Active, server);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure);
        }
    }
}
