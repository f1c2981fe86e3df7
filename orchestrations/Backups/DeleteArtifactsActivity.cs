using Microsoft.DurableTask;
using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;

namespace Serverless.Orchestrations.Backups;

/// <summary>Deletes the backup's artifact set (and a resumable backup's catch-up set), manifest first (so it is unusable at once); gone already is fine.</summary>
[DurableTask(Name)]
internal sealed class DeleteArtifactsActivity(ArtifactStore artifacts) : TaskActivity<DeleteBackupInput, bool>
{
    public const string Name = "DeleteArtifacts";

    public override async Task<bool> RunAsync(TaskActivityContext context, DeleteBackupInput input)
    {
        await artifacts.DeleteSetAsync(input.BackupId, CancellationToken.None).ConfigureAwait(false);

        // A resumable full backup's catch-up binlog is a set of its own (gone already, or never there, is fine).
        await artifacts.DeleteSetAsync(ResumableSnapshotDumper.CatchupSetId(input.BackupId), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
