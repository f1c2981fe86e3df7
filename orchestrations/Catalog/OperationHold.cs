using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// Whether an operation still runs and holds its instance, read by a step that replaces an instance's data (a restore's
/// load, a replica's seed) before it drops anything: the Durable Task Framework on Azure Storage can deliver a step again
/// after its orchestration has moved on (after a host kill, even after the operation ended), and such a late duplicate
/// must not wipe data the instance has served since.
/// </summary>
/// <param name="Operation">The operation's record; null when it is gone.</param>
/// <param name="Refusal">Why the step must not run (its operation ended, or the instance is gone or under another operation); null when it may.</param>
internal sealed record OperationHold(Document<OperationDocument>? Operation, string? Refusal)
{
    /// <summary>Reads the operation and the instance from the catalog.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="projectId">The project.</param>
    /// <param name="operationId">The operation the step belongs to.</param>
    /// <param name="instanceId">The instance whose data the step replaces.</param>
    /// <param name="step">What the step does, for the refusal's message (e.g. "seeds replica").</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The operation and, when the step must not run, why.</returns>
    public static async Task<OperationHold> ReadAsync(IDocumentStore catalog, string projectId, string operationId, string instanceId, string step, CancellationToken cancellationToken)
    {
        var operation = await catalog.GetAsync(CatalogKeys.Operation(projectId, operationId), CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false);
        var instance = await catalog.GetAsync(CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
        var refusal = operation?.Value.Status != OperationStatus.Running || instance?.Value.Instance.OperationId != operationId
            ? $"Operation {operationId} no longer {step} {instanceId} (the operation is {operation?.Value.Status ?? "gone"}, the instance "
              + $"{(instance is null ? "is gone" : $"is {instance.Value.Instance.Status} under operation {instance.Value.Instance.OperationId}")}): a late duplicate of the step, not run."
            : null;
        return new OperationHold(operation, refusal);
    }
}
