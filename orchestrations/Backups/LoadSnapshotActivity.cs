using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Loads a full backup into a restored instance's server and applies the incremental backups of its chain up to the
/// one restored, or up to a point in time (docs/backup-format.md, "Restore"), reporting progress into the operation; a
/// re-run of the same operation
/// continues from the chunks already loaded (SnapshotLoadOptions.LoadId). Fails with a message naming the backup and what failed (for example a damaged chunk).
/// </summary>
[DurableTask(Name)]
internal sealed class LoadSnapshotActivity(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, ArtifactStore artifacts, TimeProvider time, ILoggerFactory loggerFactory)
    : TaskActivity<LoadSnapshotInput, bool>
{
    public const string Name = "LoadSnapshot";

    public override async Task<bool> RunAsync(TaskActivityContext context, LoadSnapshotInput input)
    {
        var target = await AdminConnections.GetAsync(platform, secrets, input.InstanceId, CancellationToken.None).ConfigureAwait(false);
        var publisher = new SnapshotProgressPublisher(
            (percent, ct) => OperationRecords.ReportProgressAsync(
                catalog, input.ProjectId, input.OperationId, BackupSteps.LoadSnapshotStep,
                BackupSteps.OperationPercent(percent, BackupSteps.LoadSnapshotStartPercent, BackupSteps.LoadSnapshotEndPercent), time, ct),
            BackupSteps.ProgressInterval,
            CancellationToken.None);
        await using (publisher.ConfigureAwait(false))
        {
            try
            {
                var stopAt = input.RestoreTime is not null || input.RestoreGtid is not null ? new SegmentStopPoint(input.RestoreTime, input.RestoreGtid) : null;
                await new ChainRestorer(artifacts, loggerFactory).RestoreAsync(
                    input.BackupId, input.Segments, target, new SnapshotLoadOptions { Progress = publisher, LoadId = input.OperationId }, stopAt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Backup {input.BackupId} could not be loaded into the new instance: {ex.Message}", ex);
            }
        }

        return true;
    }
}
