using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Loads a backup into a restored instance's server, reporting progress into the operation; a re-run replaces what
/// it loaded. Fails with a message naming the backup and what failed (for example a damaged chunk).
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
                var loader = new SnapshotLoader(artifacts, loggerFactory.CreateLogger<SnapshotLoader>());
                await loader.LoadAsync(input.BackupId, target, new SnapshotLoadOptions { Progress = publisher }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Backup {input.BackupId} could not be loaded into the new instance: {ex.Message}", ex);
            }
        }

        return true;
    }
}
