using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// <c>DeleteBackup</c> (instance id <c>delete-backup-{backupId}-{suffix}</c>, the suffix fresh per request): delete the
/// artifact set (manifest first, so it is unusable at once) → remove the backup from the catalog. A failure shows the
/// backup again as <c>DELETE_FAILED</c> with a fault; deleting it again retries.
/// </summary>
[DurableTask(Name)]
internal sealed class DeleteBackupOrchestrator : TaskOrchestrator<DeleteBackupInput, string>
{
    public const string Name = "DeleteBackup";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, DeleteBackupInput input)
    {
        var step = "delete-artifacts";
        try
        {
            await context.CallActivityAsync<bool>(DeleteArtifactsActivity.Name, input, OperationSteps.Retry);
            step = "remove-from-catalog";
            await context.CallActivityAsync<bool>(RemoveBackupActivity.Name, input, OperationSteps.Retry);
            return OperationStatus.Completed;
        }
        catch (TaskFailedException failure)
        {
            var fault = $"The {step} step of deleting the backup failed: {failure.FailureDetails.ErrorMessage} Delete the backup again to retry.";
            await context.CallActivityAsync<bool>(
                UpdateBackupActivity.Name, new BackupUpdate(input.ProjectId, input.BackupId, BackupStatus.DeleteFailed, fault, Result: null), OperationSteps.Retry);
            return OperationStatus.Failed;
        }
    }
}
