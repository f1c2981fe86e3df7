using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// One step of a resumable full backup (<see cref="ResumableSnapshotDumper"/>): stores chunks for at most
/// <see cref="ControlPlaneOptions.DumpStepBudget"/> and returns "more to do", or, once every chunk is stored, captures
/// the catch-up binlog and completes the set. A step interrupted by a host kill loses only the chunks it was reading;
/// the orchestration calls the step again until it completes. The admin password never leaves the step.
/// </summary>
[DurableTask(Name)]
internal sealed class DumpSnapshotStepActivity(
    IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, ArtifactStore artifacts, ControlPlaneOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    : TaskActivity<BackupInput, DumpStepResult>
{
    public const string Name = "DumpSnapshotStep";

    public override async Task<DumpStepResult> RunAsync(TaskActivityContext context, BackupInput input)
    {
        // Inside the check: a server that stopped after the backup began may already be gone when the step connects.
        var source = await BackupSourceCheck.ConnectAsync(platform, input.InstanceId, () => AdminConnections.GetAsync(platform, secrets, input.InstanceId, CancellationToken.None)).ConfigureAwait(false);
        var publisher = BackupProgress.CreatePublisher(catalog, time, input, BackupSteps.DumpSnapshotStep, BackupSteps.ProgressInterval);
        ResumableDumpStep step;
        await using (publisher.ConfigureAwait(false))
        {
            var dump = DumpSnapshotActivity.Options(source, input, publisher) with { StepBudget = options.DumpStepBudget };
            var dumper = new ResumableSnapshotDumper(artifacts, loggerFactory.CreateLogger<ResumableSnapshotDumper>());
            try
            {
                step = await BackupSourceCheck.RunAsync(platform, input.InstanceId, () => dumper.DumpStepAsync(source, input.BackupId, dump, CancellationToken.None)).ConfigureAwait(false);
            }
            catch (ResumableDumpUnsupportedException)
            {
                // Foreign keys: this backup is dumped in one snapshot, by this step, as when resumable backups are off.
                var whole = new SnapshotDumper(artifacts, loggerFactory.CreateLogger<SnapshotDumper>());
                var snapshot = await BackupSourceCheck.RunAsync(platform, input.InstanceId, () => whole.DumpAsync(source, input.BackupId, dump with { StepBudget = null }, CancellationToken.None)).ConfigureAwait(false);
                step = new ResumableDumpStep(snapshot, 0, 0, 0);
            }
        }

        if (!step.Completed)
        {
            // A step shorter than the publisher's interval published nothing: say how far the dump is now.
            await BackupProgress.PublishAsync(catalog, time, input, BackupSteps.DumpSnapshotStep, step.Progress.Percent, CancellationToken.None).ConfigureAwait(false);
        }

        return new DumpStepResult(step.Summary is { } summary ? DumpSnapshotActivity.Result(artifacts, input, summary) : null, step.ChunksStored, step.ChunksPlanned);
    }
}
