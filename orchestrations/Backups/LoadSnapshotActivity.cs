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
/// one restored, or up to a point in time (docs/backup-format.md, "Restore"), reporting progress into the operation
/// (step <c>load-backup</c>, then <c>apply-binlog</c>, sharing the step's percents by the bytes each moves); a re-run of
/// the same operation continues from the chunks already loaded (SnapshotLoadOptions.LoadId). Fails with a message naming
/// the backup and what failed (for example a damaged chunk).
/// </summary>
[DurableTask(Name)]
internal sealed class LoadSnapshotActivity(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, ArtifactStore artifacts, TimeProvider time, ILoggerFactory loggerFactory)
    : TaskActivity<LoadSnapshotInput, bool>
{
    public const string Name = "LoadSnapshot";

    /// <summary>The operation's checkpoint once the backup is loaded.</summary>
    private const string RestoredCheckpoint = "restored";

    public override async Task<bool> RunAsync(TaskActivityContext context, LoadSnapshotInput input)
    {
        var target = await AdminConnections.GetAsync(platform, secrets, input.InstanceId, CancellationToken.None).ConfigureAwait(false);

        // The step's share of the operation is split between the load and the replay by the bytes each moves.
        var replayStart = input.Segments.Count == 0
            ? BackupSteps.LoadSnapshotEndPercent
            : await ReplayStartPercentAsync(input, CancellationToken.None).ConfigureAwait(false);
        var load = Publisher(input, BackupSteps.LoadSnapshotStep, BackupSteps.LoadSnapshotStartPercent, replayStart, BackupSteps.ProgressInterval);
        var replay = Publisher(input, BackupSteps.ApplyBinlogStep, replayStart, BackupSteps.LoadSnapshotEndPercent, BackupSteps.CaptureProgressInterval);
        await using (load.ConfigureAwait(false))
        await using (replay.ConfigureAwait(false))
        {
            try
            {
                var stopAt = input.RestoreTime is not null || input.RestoreGtid is not null ? new SegmentStopPoint(input.RestoreTime, input.RestoreGtid) : null;
                var restorer = new ChainRestorer(artifacts, loggerFactory)
                {
                    ReplayProgress = replay,
                    Admit = ct => AdmitAsync(input, ct),
                    Restored = ct => CatalogDocuments.ChangeAsync(
                        catalog, CatalogKeys.Operation(input.ProjectId, input.OperationId), CatalogJsonContext.Default.OperationDocument, o => o with { Checkpoint = RestoredCheckpoint }, ct),
                };
                await restorer.RestoreAsync(
                    input.BackupId, input.Segments, target, new SnapshotLoadOptions { Progress = load, LoadId = input.OperationId }, stopAt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Backup {input.BackupId} could not be loaded into the new instance: {ex.Message}", ex);
            }
        }

        return true;
    }

    /// <summary>
    /// Whether this delivery restores: not when an earlier one finished (a duplicate after a host kill waits for the lock,
    /// then finds the restore recorded), and never once the operation has ended or lost the instance (a late duplicate
    /// would otherwise drop and reload data the instance has served since).
    /// </summary>
    private async Task<bool> AdmitAsync(LoadSnapshotInput input, CancellationToken cancellationToken)
    {
        var hold = await OperationHold.ReadAsync(catalog, input.ProjectId, input.OperationId, input.InstanceId, "restores into instance", cancellationToken).ConfigureAwait(false);
        if (hold.Operation?.Value.Checkpoint == RestoredCheckpoint)
        {
            return false;
        }

        return hold.Refusal is { } refusal ? throw new InvalidOperationException(refusal) : true;
    }

    private SnapshotProgressPublisher Publisher(LoadSnapshotInput input, string step, int start, int end, TimeSpan interval) =>
        new(
            (percent, ct) => OperationRecords.ReportProgressAsync(catalog, input.ProjectId, input.OperationId, step, BackupSteps.OperationPercent(percent, start, end), time, ct),
            interval,
            CancellationToken.None);

    /// <summary>Where the replay's share of the step begins: the snapshot's bytes against the segments' binlog bytes.</summary>
    private async Task<int> ReplayStartPercentAsync(LoadSnapshotInput input, CancellationToken cancellationToken)
    {
        // Rows as LOAD DATA reads them against rows as the binlog carries them: comparable measures of the work.
        var snapshot = await SnapshotSummary.TryReadAsync(artifacts, input.BackupId, cancellationToken).ConfigureAwait(false);
        var loadBytes = Math.Max(1, snapshot?.OriginalBytes ?? 0);
        long replayBytes = 0;
        foreach (var segment in input.Segments)
        {
            replayBytes += SegmentSummary.FromManifest((await ArtifactSetReader.OpenAsync(artifacts, segment, cancellationToken).ConfigureAwait(false)).Manifest).BinlogBytes;
        }

        var span = BackupSteps.LoadSnapshotEndPercent - BackupSteps.LoadSnapshotStartPercent;
        var loadShare = (int)(span * loadBytes / (loadBytes + replayBytes));
        return BackupSteps.LoadSnapshotStartPercent + Math.Clamp(loadShare, 2, span - 2);
    }
}
