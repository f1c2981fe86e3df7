using Microsoft.Extensions.Logging;
using Serverless.DataPlane;
using Serverless.DataPlane.Snapshots;
using Serverless.Durable;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// The steps of the backup orchestrations and of a restore. Each is idempotent: a dump that completed before a
/// crash returns its summary again, a load replaces what it loaded, catalog changes are ETag-guarded, and
/// deleting what is gone already is fine. The admin password is fetched inside a step and never leaves it.
/// </summary>
internal sealed class BackupActivities(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, ArtifactStore artifacts, TimeProvider time, ILoggerFactory? loggerFactory)
{
    public const string DumpSnapshot = "Backups.DumpSnapshot";
    public const string LoadSnapshot = "Backups.LoadSnapshot";
    public const string UpdateBackup = "Backups.UpdateBackup";
    public const string DeleteArtifacts = "Backups.DeleteArtifacts";
    public const string RemoveBackup = "Backups.RemoveBackup";

    /// <summary>The backup step that dumps, and the share of the operation's progress it spans.</summary>
    public const string DumpSnapshotStep = "dump-snapshot";
    public const int DumpSnapshotStartPercent = 5;
    public const int DumpSnapshotEndPercent = 90;

    /// <summary>The restore step that loads, and the share of the create operation's progress it spans.</summary>
    public const string LoadSnapshotStep = "load-backup";
    public const int LoadSnapshotStartPercent = 15;
    public const int LoadSnapshotEndPercent = 40;

    /// <summary>How often a running dump or load writes its progress to the catalog.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Retries for the steps that move data: a dropped connection is worth another attempt; a damaged or missing
    /// artifact is not, it will be as damaged the next time.
    /// </summary>
    public static readonly TaskOptions DataRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        OperationSteps.StepRetryPolicy.MaxNumberOfAttempts, OperationSteps.StepRetryPolicy.FirstRetryInterval, OperationSteps.StepRetryPolicy.BackoffCoefficient)
    {
        // A damaged artifact or a snapshot the target refuses fails the same way every time.
        HandleFailure = failure => !IsPermanent(failure) && (failure.InnerFailure is null || !IsPermanent(failure.InnerFailure)),
    });

    /// <summary>The percent of an operation when a step spanning <paramref name="start"/>-<paramref name="end"/> is <paramref name="stepPercent"/> done.</summary>
    public static int OperationPercent(int stepPercent, int start, int end) => start + (stepPercent * (end - start) / 100);

    private static bool IsPermanent(TaskFailureDetails failure) =>
        failure.IsCausedBy<ArtifactException>() || failure.IsCausedBy<SnapshotLoadException>() || failure.IsCausedBy<SnapshotRowCountMismatchException>();

    /// <summary>Dumps the instance into the backup's artifact set, reporting progress into the backup and the operation.</summary>
    public async Task<BackupResult> DumpSnapshotAsync(BackupInput input, CancellationToken cancellationToken)
    {
        var source = await ConnectAsAdminAsync(input.InstanceId, cancellationToken).ConfigureAwait(false);
        var publisher = new SnapshotProgressPublisher(
            async (percent, ct) =>
            {
                await ChangeBackupAsync(input.ProjectId, input.BackupId, b => b.Status == BackupStatus.Building && percent > b.ProgressPercent
                    ? b with { ProgressPercent = percent, Updated = time.GetUtcNow() }
                    : null, ct).ConfigureAwait(false);
                await OperationRecords.ReportProgressAsync(
                    catalog, input.ProjectId, input.OperationId, DumpSnapshotStep, OperationPercent(percent, DumpSnapshotStartPercent, DumpSnapshotEndPercent), time, ct).ConfigureAwait(false);
            },
            ProgressInterval,
            cancellationToken);
        SnapshotSummary summary;
        await using (publisher.ConfigureAwait(false))
        {
            var options = new SnapshotDumpOptions
            {
                // The platform's own account stays out of the backup: a restored server has its own.
                ExcludedUsers = [source.User],
                Properties = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["backupId"] = input.BackupId,
                    ["instanceId"] = input.InstanceId,
                    ["projectId"] = input.ProjectId,
                },
                Progress = publisher,
            };
            var dumper = new SnapshotDumper(artifacts, loggerFactory?.CreateLogger<SnapshotDumper>());
            summary = await dumper.DumpAsync(source, input.BackupId, options, cancellationToken).ConfigureAwait(false);
        }

        return new BackupResult(summary.StoredBytes, summary.DataBytes, summary.Rows, $"{artifacts.Container.Name}/{input.BackupId}");
    }

    /// <summary>Loads the backup into the restored instance's server, reporting progress into the operation.</summary>
    /// <exception cref="InvalidOperationException">The load failed; the message names the backup and what failed (for example a damaged chunk).</exception>
    public async Task<bool> LoadSnapshotAsync(LoadSnapshotInput input, CancellationToken cancellationToken)
    {
        var target = await ConnectAsAdminAsync(input.InstanceId, cancellationToken).ConfigureAwait(false);
        var publisher = new SnapshotProgressPublisher(
            (percent, ct) => OperationRecords.ReportProgressAsync(
                catalog, input.ProjectId, input.OperationId, LoadSnapshotStep, OperationPercent(percent, LoadSnapshotStartPercent, LoadSnapshotEndPercent), time, ct),
            ProgressInterval,
            cancellationToken);
        await using (publisher.ConfigureAwait(false))
        {
            try
            {
                var loader = new SnapshotLoader(artifacts, loggerFactory?.CreateLogger<SnapshotLoader>());
                await loader.LoadAsync(input.BackupId, target, new SnapshotLoadOptions { Progress = publisher }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Backup {input.BackupId} could not be loaded into the new instance: {ex.Message}", ex);
            }
        }

        return true;
    }

    /// <summary>How the data plane reaches the instance's server as its admin: the platform's access with the password from the secret store.</summary>
    /// <exception cref="InvalidOperationException">The server is not running, or its admin secret is missing.</exception>
    private async Task<ServerConnection> ConnectAsAdminAsync(string instanceId, CancellationToken cancellationToken)
    {
        var access = await platform.GetAdminAccessAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var password = await secrets.GetAsync(access.PasswordSecretId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The admin secret '{access.PasswordSecretId}' of instance '{instanceId}' is missing from the secret store.");
        return new ServerConnection(access.Host, access.Port, access.User, password, access.CaCertificatePem);
    }

    /// <summary>Records a backup's new status with its fault or result; an update also shows a backup whose delete failed again.</summary>
    public Task<bool> UpdateBackupAsync(BackupUpdate update, CancellationToken cancellationToken) =>
        ChangeBackupAsync(update.ProjectId, update.BackupId, backup => !CanMove(backup.Status, update.Status) ? null : backup with
        {
            Status = update.Status,
            Fault = update.Fault,
            ProgressPercent = update.Status == BackupStatus.Completed ? 100 : backup.ProgressPercent,
            SizeGigabytes = update.Result is { } result ? Math.Round(result.StoredBytes / RestoreValidation.BytesPerGigabyte, 6) : backup.SizeGigabytes,
            DataBytes = update.Result?.DataBytes ?? backup.DataBytes,
            Rows = update.Result?.Rows ?? backup.Rows,
            LocationRef = update.Result?.LocationRef ?? backup.LocationRef,
            Updated = time.GetUtcNow(),
        }, cancellationToken);

    // NEW → BUILDING → COMPLETED or FAILED, each once; a delete that fails shows DELETE_FAILED (and may be tried
    // again). A re-run of an activity whose first run did write finds nothing to do.
    private static bool CanMove(string from, string to) => to switch
    {
        BackupStatus.Building => from == BackupStatus.New,
        BackupStatus.Completed or BackupStatus.Failed => from is BackupStatus.New or BackupStatus.Building,
        BackupStatus.DeleteFailed => from is BackupStatus.Completed or BackupStatus.Failed or BackupStatus.DeleteFailed,
        _ => false,
    };

    /// <summary>Deletes the backup's artifact set, manifest first.</summary>
    public async Task<bool> DeleteArtifactsAsync(DeleteBackupInput input, CancellationToken cancellationToken)
    {
        await artifacts.DeleteSetAsync(input.BackupId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Removes the record of a backup being deleted; gone already is fine.</summary>
    public Task<bool> RemoveBackupAsync(DeleteBackupInput input, CancellationToken cancellationToken) =>
        CatalogDocuments.DeleteAsync(
            catalog, CatalogKeys.Backup(input.ProjectId, input.BackupId), OrchestrationsJsonContext.Default.BackupDocument, backup => backup.Deleting, cancellationToken);

    private Task<bool> ChangeBackupAsync(string projectId, string backupId, Func<BackupView, BackupView?> change, CancellationToken cancellationToken) =>
        CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Backup(projectId, backupId),
            OrchestrationsJsonContext.Default.BackupDocument,
            document => change(document.Backup) is { } changed
                ? new BackupDocument(changed, Deleting: document.Deleting && changed.Status != BackupStatus.DeleteFailed)
                : null,
            cancellationToken);
}
