using Microsoft.DurableTask;
using Serverless.Storage.Artifacts;

namespace Serverless.Orchestrations.Backups;

/// <summary>Deletes the backup's artifact set, manifest first (so it is unusable at once); gone already is fine.</summary>
[DurableTask(Name)]
internal sealed class DeleteArtifactsActivity(ArtifactStore artifacts) : TaskActivity<DeleteBackupInput, bool>
{
    public const string Name = "DeleteArtifacts";

    public override async Task<bool> RunAsync(TaskActivityContext context, DeleteBackupInput input)
    {
        await artifacts.DeleteSetAsync(input.BackupId, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
