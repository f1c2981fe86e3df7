using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.DataPlane;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Dumps the instance into the backup's artifact set, reporting progress into the backup and the operation. A dump
/// that completed before a crash returns its summary again. The admin password is fetched inside the step and never
/// leaves it.
/// </summary>
[DurableTask(Name)]
internal sealed class DumpSnapshotActivity(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, ArtifactStore artifacts, TimeProvider time, ILoggerFactory loggerFactory)
    : TaskActivity<BackupInput, BackupResult>
{
    public const string Name = "DumpSnapshot";

    public override async Task<BackupResult> RunAsync(TaskActivityContext context, BackupInput input)
    {
        // Inside the check: a server that stopped after the backup began may already be gone when the step connects.
        var source = await BackupSourceCheck.ConnectAsync(platform, input.InstanceId, () => AdminConnections.GetAsync(platform, secrets, input.InstanceId, CancellationToken.None)).ConfigureAwait(false);
        var publisher = BackupProgress.CreatePublisher(catalog, time, input, BackupSteps.DumpSnapshotStep, BackupSteps.ProgressInterval);
        SnapshotSummary summary;
        await using (publisher.ConfigureAwait(false))
        {
            var options = Options(source, input, publisher);
            var dumper = new SnapshotDumper(artifacts, loggerFactory.CreateLogger<SnapshotDumper>());
            summary = await BackupSourceCheck.RunAsync(platform, input.InstanceId, () => dumper.DumpAsync(source, input.BackupId, options, CancellationToken.None)).ConfigureAwait(false);
        }

        return Result(artifacts, input, summary);
    }

    /// <summary>What a full backup's dump copies: everything but the platform's own account, with the backup's ids recorded.</summary>
    internal static SnapshotDumpOptions Options(ServerConnection source, BackupInput input, IProgress<SnapshotProgress> progress) => new()
    {
        // The platform's own account stays out of the backup: a restored server has its own.
        ExcludedUsers = [source.User],
        Properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["backupId"] = input.BackupId,
            ["instanceId"] = input.InstanceId,
            ["projectId"] = input.ProjectId,
        },
        Progress = progress,
    };

    /// <summary>What the completed backup records of its snapshot.</summary>
    internal static BackupResult Result(ArtifactStore artifacts, BackupInput input, SnapshotSummary summary) =>
        new(summary.StoredBytes, summary.DataBytes, summary.Rows, $"{artifacts.Container.Name}/{input.BackupId}")
        {
            CoveredFrom = summary.StartedAt,
            CoveredTo = summary.StartedAt,
        };
}
