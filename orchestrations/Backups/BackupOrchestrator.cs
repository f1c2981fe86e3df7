using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// <c>Backup</c> (instance id <c>backup-{backupId}</c>): backup <c>BUILDING</c> → dump a consistent snapshot of the
/// instance (a full backup) or capture its binlog since the parent (an incremental one) into the backup's artifact set → backup <c>COMPLETED</c> with its size → instance back to <c>ACTIVE</c>.
/// A failure marks the backup <c>FAILED</c> with a fault and returns the instance to <c>ACTIVE</c>: a failed backup
/// does not break the instance. Returns the operation's end status.
/// </summary>
[DurableTask(Name)]
internal sealed class BackupOrchestrator : TaskOrchestrator<BackupInput, string>
{
    public const string Name = "Backup";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, BackupInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await steps.RunAsync<bool>("mark-building", 2, UpdateBackupActivity.Name,
                new BackupUpdate(input.ProjectId, input.BackupId, BackupStatus.Building, Fault: null, Result: null));
            var result = input.ParentId is not null
                ? await steps.RunAsync<BackupResult>(BackupSteps.CaptureBinlogStep, BackupSteps.DumpSnapshotStartPercent, CaptureSegmentActivity.Name, input, BackupSteps.DataRetry)
                : input.Resumable
                    ? await DumpInStepsAsync(steps, input)
                    : await steps.RunAsync<BackupResult>(BackupSteps.DumpSnapshotStep, BackupSteps.DumpSnapshotStartPercent, DumpSnapshotActivity.Name, input, BackupSteps.DataRetry);
            await steps.RunAsync<bool>("mark-completed", 92, UpdateBackupActivity.Name,
                new BackupUpdate(input.ProjectId, input.BackupId, BackupStatus.Completed, Fault: null, result));
            await steps.SetInstanceStatusAsync("mark-active", 96, InstanceStatus.Active);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            // A failed backup leaves the instance as it was (ACTIVE), unless its server stopped under the backup: then it
            // is ERROR, saying so. The instance is released first: it must not stay in BACKUP even if the backup record
            // cannot be written.
            var outcome = await steps.FailAsync(failure, failure.FailureDetails.IsCausedBy<ServerStoppedException>() ? InstanceStatus.Error : InstanceStatus.Active);
            await context.CallActivityAsync<bool>(
                UpdateBackupActivity.Name,
                new BackupUpdate(input.ProjectId, input.BackupId, BackupStatus.Failed, steps.Describe(failure), Result: null),
                OperationSteps.Retry);
            return outcome;
        }
    }

    /// <summary>Calls the resumable dump's step until it completes: each stores chunks within its time budget.</summary>
    private static async Task<BackupResult> DumpInStepsAsync(OperationSteps steps, BackupInput input)
    {
        var percent = BackupSteps.DumpSnapshotStartPercent;
        while (true)
        {
            var step = await steps.RunAsync<DumpStepResult>(BackupSteps.DumpSnapshotStep, percent, DumpSnapshotStepActivity.Name, input, BackupSteps.DataRetry);
            if (step.Result is { } result)
            {
                return result;
            }

            percent = BackupSteps.OperationPercent(step.ChunksStored * 100 / Math.Max(1, step.ChunksPlanned), BackupSteps.DumpSnapshotStartPercent, BackupSteps.DumpSnapshotEndPercent);
            steps.Count(BackupSteps.DumpSnapshotStep, step.ChunksStored, step.ChunksPlanned, "chunks");
        }
    }
}
