using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>The access the catalog records for the instance now; null when the instance is gone.</summary>
[DurableTask(Name)]
internal sealed class ReadAccessActivity(IDocumentStore catalog) : TaskActivity<InstanceOperationInput, NetworkAccess?>
{
    public const string Name = "ReadAccess";

    public override async Task<NetworkAccess?> RunAsync(TaskActivityContext context, InstanceOperationInput input)
    {
        var instance = await catalog.GetAsync(CatalogKeys.Instance(input.ProjectId, input.InstanceId), CatalogJsonContext.Default.InstanceDocument, CancellationToken.None)
            .ConfigureAwait(false);
        return instance?.Value.Instance is { } view ? new NetworkAccess(view.Access.IsPublic, view.Access.AllowedCidrs) : null;
    }
}
