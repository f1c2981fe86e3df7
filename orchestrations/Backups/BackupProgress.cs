using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>Where a backup's data step reports its progress: the backup's percent and the operation's.</summary>
internal static class BackupProgress
{
    /// <summary>A publisher writing a dump's or capture's percent into the backup and, scaled to the step's share, into its operation.</summary>
    public static SnapshotProgressPublisher CreatePublisher(IDocumentStore catalog, TimeProvider time, BackupInput input, string step, TimeSpan interval) =>
        new((percent, ct) => PublishAsync(catalog, time, input, step, percent, ct), interval, CancellationToken.None);

    /// <summary>Writes a dump's or capture's percent into the backup (only forward) and, scaled to the step's share, into its operation.</summary>
    public static async Task PublishAsync(IDocumentStore catalog, TimeProvider time, BackupInput input, string step, int percent, CancellationToken cancellationToken)
    {
        await BackupCatalog.ChangeAsync(catalog, input.ProjectId, input.BackupId, b => b.Status == BackupStatus.Building && percent > b.ProgressPercent
            ? b with { ProgressPercent = percent, Updated = time.GetUtcNow() }
            : null, cancellationToken).ConfigureAwait(false);
        await OperationRecords.ReportProgressAsync(
            catalog, input.ProjectId, input.OperationId, step,
            BackupSteps.OperationPercent(percent, BackupSteps.DumpSnapshotStartPercent, BackupSteps.DumpSnapshotEndPercent), time, cancellationToken).ConfigureAwait(false);
    }
}
