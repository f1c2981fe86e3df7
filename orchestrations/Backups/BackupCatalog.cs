using Serverless.Orchestrations.Instances;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>Reads backup documents; a backup being deleted is not found.</summary>
internal static class BackupCatalog
{
    /// <summary>Reads a visible backup of the project.</summary>
    /// <exception cref="CatalogNotFoundException">The project has no such backup (or it is being deleted).</exception>
    public static async Task<BackupView> ReadAsync(IDocumentStore catalog, string projectId, string backupId, CancellationToken cancellationToken) =>
        (await ReadDocumentAsync(catalog, projectId, backupId, cancellationToken).ConfigureAwait(false)).Value.Backup;

    /// <summary>Reads a visible backup's document, with its ETag.</summary>
    /// <exception cref="CatalogNotFoundException">The project has no such backup (or it is being deleted).</exception>
    public static async Task<Document<BackupDocument>> ReadDocumentAsync(IDocumentStore catalog, string projectId, string backupId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        if (!CatalogIds.IsWellFormed(backupId)
            || await catalog.GetAsync(CatalogKeys.Backup(projectId, backupId), OrchestrationsJsonContext.Default.BackupDocument, cancellationToken).ConfigureAwait(false) is not { } document
            || document.Value.Deleting)
        {
            throw new CatalogNotFoundException("Backup", backupId ?? "");
        }

        return document;
    }

    /// <summary>Every backup document of the project, deleting ones included.</summary>
    public static async Task<List<Document<BackupDocument>>> ListDocumentsAsync(IDocumentStore catalog, string projectId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        var backups = new List<Document<BackupDocument>>();
        await foreach (var key in catalog.ListKeysAsync(CatalogKeys.BackupsPrefix(projectId), cancellationToken).ConfigureAwait(false))
        {
            if (await catalog.GetAsync(key, OrchestrationsJsonContext.Default.BackupDocument, cancellationToken).ConfigureAwait(false) is { } backup)
            {
                backups.Add(backup);
            }
        }

        return backups;
    }
}
