using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>Catalog changes of replica-set membership that deletes and detaches share.</summary>
internal static class ReplicaSets
{
    /// <summary>The source forgets the replica; false when it did not list it (or is gone).</summary>
    public static Task<bool> UnlinkAsync(IDocumentStore catalog, string projectId, string sourceId, string replicaId, TimeProvider time, CancellationToken cancellationToken) =>
        CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Instance(projectId, sourceId),
            CatalogJsonContext.Default.InstanceDocument,
            source => !source.Instance.Replicas.Contains(replicaId) ? null : source with
            {
                Instance = source.Instance with
                {
                    Replicas = [.. source.Instance.Replicas.Where(r => r != replicaId)],
                    Updated = time.GetUtcNow(),
                },
            },
            cancellationToken);
}
