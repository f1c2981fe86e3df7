using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// The cut-over's last trace of the external source: the catalog forgets it (while the operation still owns the
/// instance) and its password is deleted from the secret store. Done already is fine.
/// </summary>
[DurableTask(Name)]
internal sealed class ForgetExternalSourceActivity(IDocumentStore catalog, ISecretStore secrets, TimeProvider time) : TaskActivity<ExternalReplicaStep, bool>
{
    public const string Name = "ForgetExternalSource";

    public override async Task<bool> RunAsync(TaskActivityContext context, ExternalReplicaStep input)
    {
        await CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Instance(input.ProjectId, input.ReplicaId),
            CatalogJsonContext.Default.InstanceDocument,
            document => document.Instance.OperationId != input.OperationId || document.Instance.ExternalSource is null ? null : document with
            {
                Instance = document.Instance with { ExternalSource = null, Updated = time.GetUtcNow() },
            },
            CancellationToken.None).ConfigureAwait(false);
        await secrets.DeleteAsync(CatalogIds.ExternalSourceSecret(input.ReplicaId), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
