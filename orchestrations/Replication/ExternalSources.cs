using Serverless.DataPlane;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>The external source an instance migrates from, read inside a step: the catalog's record and the password from the secret store.</summary>
internal static class ExternalSources
{
    public static async Task<(ExternalSourceView Source, ServerConnection Connection)> GetAsync(
        IDocumentStore catalog, ISecretStore secrets, string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var document = await catalog.GetAsync(CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Instance {instanceId} is no longer in the catalog.");
        var source = document.Value.Instance.ExternalSource
            ?? throw new InvalidOperationException($"Instance {instanceId} does not replicate from an external source (it was detached).");
        var password = await secrets.GetAsync(CatalogIds.ExternalSourceSecret(instanceId), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The password of the external source of instance {instanceId} is missing from the secret store.");

        // Without a CA the connection is encrypted but the server's certificate is not checked (docs/replication.md).
        return (source, new ServerConnection(source.Host, source.Port, source.User, password, source.CaCertificatePem) { VerifyServer = source.CaCertificatePem is not null });
    }
}
