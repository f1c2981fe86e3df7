using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Records a backup's new status with its fault or result. NEW → BUILDING → COMPLETED or FAILED, each once; a delete
/// that fails shows DELETE_FAILED (and may be tried again). A re-run whose first run did write finds nothing to do.
/// </summary>
[DurableTask(Name)]
internal sealed class UpdateBackupActivity(IDocumentStore catalog, TimeProvider time) : TaskActivity<BackupUpdate, bool>
{
    public const string Name = "UpdateBackup";

    public override Task<bool> RunAsync(TaskActivityContext context, BackupUpdate input) =>
        BackupCatalog.ChangeAsync(catalog, input.ProjectId, input.BackupId, backup => !CanMove(backup.Status, input.Status) ? null : backup with
        {
            Status = input.Status,
            Fault = input.Fault,
            ProgressPercent = input.Status == BackupStatus.Completed ? 100 : backup.ProgressPercent,
            SizeGigabytes = input.Result is { } result ? Math.Round(result.StoredBytes / RestoreValidation.BytesPerGigabyte, 6) : backup.SizeGigabytes,
            DataBytes = input.Result?.DataBytes ?? backup.DataBytes,
            Rows = input.Result?.Rows ?? backup.Rows,
            LocationRef = input.Result?.LocationRef ?? backup.LocationRef,
            CoveredFrom = input.Result?.CoveredFrom ?? backup.CoveredFrom,
            CoveredTo = input.Result?.CoveredTo ?? backup.CoveredTo,
            Updated = time.GetUtcNow(),
        }, CancellationToken.None);

    private static bool CanMove(string from, string to) => to switch
    {
        BackupStatus.Building => from == BackupStatus.New,
        BackupStatus.Completed or BackupStatus.Failed => from is BackupStatus.New or BackupStatus.Building,
        BackupStatus.DeleteFailed => from is BackupStatus.Completed or BackupStatus.Failed or BackupStatus.DeleteFailed,
        _ => false,
    };
}
