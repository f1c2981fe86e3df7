using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>Removes the record of a backup being deleted; gone already is fine.</summary>
[DurableTask(Name)]
internal sealed class RemoveBackupActivity(IDocumentStore catalog) : TaskActivity<DeleteBackupInput, bool>
{
    public const string Name = "RemoveBackup";

    public override Task<bool> RunAsync(TaskActivityContext context, DeleteBackupInput input) =>
        CatalogDocuments.DeleteAsync(
            catalog, CatalogKeys.Backup(input.ProjectId, input.BackupId), CatalogJsonContext.Default.BackupDocument, backup => backup.Deleting, CancellationToken.None);
}
