using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Provisions the instance's server; the platform finds one already provisioned under the same id. Guarded like the
/// catalog steps: only while the instance still belongs to the create operation. A create interrupted by
/// <c>reset_status</c> (and then deleted) may have this activity still in flight; it must not leave a server behind, so
/// it checks before provisioning, and after it deletes the server it made when the instance has moved on meanwhile.
/// </summary>
[DurableTask(Name)]
internal sealed class ProvisionServerActivity(IDatabasePlatform platform, IDocumentStore catalog) : TaskActivity<ProvisionServerInput, ServerEndpoint>
{
    public const string Name = "ProvisionServer";

    public override async Task<ServerEndpoint> RunAsync(TaskActivityContext context, ProvisionServerInput input)
    {
        await ThrowIfInterruptedAsync(input).ConfigureAwait(false);
        var endpoint = await platform.ProvisionAsync(input.Spec, CancellationToken.None).ConfigureAwait(false);
        try
        {
            await ThrowIfInterruptedAsync(input).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            await platform.DeleteAsync(input.Spec.ServerId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return endpoint;
    }

    private async Task ThrowIfInterruptedAsync(ProvisionServerInput input)
    {
        var instance = await catalog.GetAsync(CatalogKeys.Instance(input.ProjectId, input.InstanceId), CatalogJsonContext.Default.InstanceDocument, CancellationToken.None).ConfigureAwait(false);
        if (instance?.Value.Instance.OperationId != input.OperationId)
        {
            throw new InvalidOperationException($"The create operation {input.OperationId} no longer owns instance {input.InstanceId} (its status was reset, or it was deleted); no server is provisioned for it.");
        }
    }
}
