using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.DataPlane.Binlog;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Captures an incremental backup: the instance's binlog from the parent backup's end coordinates (read from the
/// parent's manifest) to the instance's position then, reporting progress into the backup and the operation as
/// artifacts are stored. A capture that completed before a crash returns its summary again; an interrupted one resumes
/// after its last stored artifact. The admin password is fetched inside the step and never leaves it.
/// </summary>
[DurableTask(Name)]
internal sealed class CaptureSegmentActivity(
    IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, ArtifactStore artifacts, ControlPlaneOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    : TaskActivity<BackupInput, BackupResult>
{
    public const string Name = "CaptureSegment";

    public override async Task<BackupResult> RunAsync(TaskActivityContext context, BackupInput input)
    {
        var parentId = input.ParentId ?? throw new InvalidOperationException($"Backup {input.BackupId} has no parent: only an incremental backup captures the binlog.");
        var parent = await BackupCatalog.ReadAsync(catalog, input.ProjectId, parentId, CancellationToken.None).ConfigureAwait(false);
        var link = await ChainLink.ReadAsync(artifacts, parentId, CancellationToken.None).ConfigureAwait(false);
        // Inside the check: a server that stopped after the backup began may already be gone when the step connects.
        var source = await BackupSourceCheck.ConnectAsync(platform, input.InstanceId, () => AdminConnections.GetAsync(platform, secrets, input.InstanceId, CancellationToken.None)).ConfigureAwait(false);
        var capturer = new SegmentCapturer(artifacts, loggerFactory.CreateLogger<SegmentCapturer>());
        SegmentSummary summary;
        var publisher = BackupProgress.CreatePublisher(catalog, time, input, BackupSteps.CaptureBinlogStep, BackupSteps.CaptureProgressInterval);
        await using (publisher.ConfigureAwait(false))
        {
            var capture = new SegmentCaptureOptions { ArtifactBytes = options.SegmentArtifactBytes, Progress = publisher };
            summary = await BackupSourceCheck.RunAsync(
                platform, input.InstanceId, () => capturer.CaptureAsync(source, input.BackupId, parentId, link.End, capture, CancellationToken.None)).ConfigureAwait(false);
        }

        return new BackupResult(summary.StoredBytes, summary.DataBytes, summary.Events, $"{artifacts.Container.Name}/{input.BackupId}")
        {
            CoveredFrom = parent.CoveredFrom,
            CoveredTo = summary.CapturedAt,
        };
    }
}
