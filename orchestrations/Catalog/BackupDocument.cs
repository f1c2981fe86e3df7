namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// The catalog's record of a backup (<c>projects/{projectId}/backups/{id}</c>). A backup being deleted keeps its
/// record until its artifacts are gone, hidden from clients; a failed delete shows it again as <c>DELETE_FAILED</c>.
/// </summary>
/// <param name="Backup">The backup as clients see it.</param>
/// <param name="Deleting">Whether a delete was accepted: the backup reads as not found meanwhile.</param>
internal sealed record BackupDocument(BackupView Backup, bool Deleting);
