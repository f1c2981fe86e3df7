using Serverless.Durable;
using Serverless.Orchestrations.Instances;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// <c>DeleteBackup</c>: delete the artifact set (manifest first, so it is unusable at once) → remove the backup
/// from the catalog. A failure shows the backup again as <c>DELETE_FAILED</c> with a fault; deleting it again retries.
/// </summary>
internal sealed class DeleteBackupOrchestrator : Orchestrator<DeleteBackupInput, string>
{
    public override async Task<string> RunAsync(IOrchestrationContext context, DeleteBackupInput input)
    {
        var step = "delete-artifacts";
        try
        {
            await context.CallActivityAsync<bool>(BackupActivities.DeleteArtifacts, input, OperationSteps.Retry);
            step = "remove-from-catalog";
            await context.CallActivityAsync<bool>(BackupActivities.RemoveBackup, input, OperationSteps.Retry);
            return OperationStatus.Completed;
        }
        catch (TaskFailedException failure)
        {
            var fault = $"The {step} step of deleting the backup failed: {failure.FailureDetails.ErrorMessage} Delete the backup again to retry.";
            await context.CallActivityAsync<bool>(
                BackupActivities.UpdateBackup, new BackupUpdate(input.ProjectId, input.BackupId, BackupStatus.DeleteFailed, fault, Result: null), OperationSteps.Retry);
            return OperationStatus.Failed;
        }
    }
}
