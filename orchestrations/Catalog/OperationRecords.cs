using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>Creates and updates operation documents (<c>projects/{projectId}/operations/{id}</c>).</summary>
internal static class OperationRecords
{
    /// <summary>Records a new running operation.</summary>
    public static async Task<OperationDocument> CreateAsync(
        IDocumentStore catalog, string projectId, string operationId, string instanceId, string kind, string orchestrationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var operation = new OperationDocument(operationId, projectId, instanceId, kind, OperationStatus.Running, orchestrationId, CurrentStep: null, ProgressPercent: 0, Error: null, now, now);
        await catalog.CreateAsync(CatalogKeys.Operation(projectId, operationId), operation, CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false);
        return operation;
    }

    /// <summary>Records an operation's step, progress and end state.</summary>
    public static Task<bool> UpdateAsync(IDocumentStore catalog, OperationUpdate update, TimeProvider time, CancellationToken cancellationToken) =>
        CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Operation(update.ProjectId, update.OperationId),
            CatalogJsonContext.Default.OperationDocument,
            operation => operation with
            {
                Status = update.Status,
                CurrentStep = update.CurrentStep,
                ProgressPercent = update.ProgressPercent,
                Error = update.Error,
                Updated = time.GetUtcNow(),
            },
            cancellationToken);

    /// <summary>
    /// Records finer progress within a running step (for example the rows of a dump); a no-op once the operation
    /// ended, and progress never goes back.
    /// </summary>
    public static Task<bool> ReportProgressAsync(
        IDocumentStore catalog, string projectId, string operationId, string step, int percent, TimeProvider time, CancellationToken cancellationToken) =>
        CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Operation(projectId, operationId),
            CatalogJsonContext.Default.OperationDocument,
            operation => operation.Status != OperationStatus.Running || percent <= operation.ProgressPercent
                ? null
                : operation with { CurrentStep = step, ProgressPercent = percent, Updated = time.GetUtcNow() },
            cancellationToken);
}
