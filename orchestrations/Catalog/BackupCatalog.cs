using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>Reads and changes backup documents; a backup being deleted is not found.</summary>
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
            || await catalog.GetAsync(CatalogKeys.Backup(projectId, backupId), CatalogJsonContext.Default.BackupDocument, cancellationToken).ConfigureAwait(false) is not { } document
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
            if (await catalog.GetAsync(key, CatalogJsonContext.Default.BackupDocument, cancellationToken).ConfigureAwait(false) is { } backup)
            {
                backups.Add(backup);
            }
        }

        return backups;
    }

    /// <summary>
    /// Changes the backup at its current version; <paramref name="change"/> returns null to leave it. A change that
    /// makes the backup <c>DELETE_FAILED</c> also shows it again.
    /// </summary>
    /// <returns>True when the backup was replaced.</returns>
    public static Task<bool> ChangeAsync(IDocumentStore catalog, string projectId, string backupId, Func<BackupView, BackupView?> change, CancellationToken cancellationToken) =>
        CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Backup(projectId, backupId),
            CatalogJsonContext.Default.BackupDocument,
            document => change(document.Backup) is { } changed
                ? new BackupDocument(changed, Deleting: document.Deleting && changed.Status != BackupStatus.DeleteFailed)
                : null,
            cancellationToken);
}
