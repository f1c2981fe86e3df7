using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>Removes the instance and its name claim from the catalog; done already is fine.</summary>
[DurableTask(Name)]
internal sealed class RemoveInstanceActivity(IDocumentStore catalog, TimeProvider time) : TaskActivity<InstanceOperationInput, bool>
{
    public const string Name = "RemoveInstance";

    public override async Task<bool> RunAsync(TaskActivityContext context, InstanceOperationInput input)
    {
        var key = CatalogKeys.Instance(input.ProjectId, input.InstanceId);
        while (true)
        {
            var instance = await catalog.GetAsync(key, CatalogJsonContext.Default.InstanceDocument, CancellationToken.None).ConfigureAwait(false);
            if (instance is null || instance.Value.Instance.OperationId != input.OperationId)
            {
                return false;
            }

            // A deleted replica leaves its source's list first: the source must not wait for a replica that is gone.
            if (instance.Value.Instance.ReplicaOf is { } sourceId)
            {
                await ReplicaSets.UnlinkAsync(catalog, input.ProjectId, sourceId, input.InstanceId, time, CancellationToken.None).ConfigureAwait(false);
            }

            // The name claim goes first: a crash after it leaves an instance document the re-run removes.
            var nameKey = CatalogKeys.InstanceName(input.ProjectId, instance.Value.Instance.Name);
            if (await catalog.GetAsync(nameKey, CatalogJsonContext.Default.NameIndexDocument, CancellationToken.None).ConfigureAwait(false) is { } claim
                && claim.Value.InstanceId == input.InstanceId)
            {
                await DeleteIfUnchangedAsync(nameKey, claim.ETag).ConfigureAwait(false);
            }

            if (await DeleteIfUnchangedAsync(key, instance.ETag).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>Deletes a document at the version read; true when it is gone, false when it changed meanwhile.</summary>
    private async Task<bool> DeleteIfUnchangedAsync(string key, Azure.ETag etag)
    {
        try
        {
            await catalog.DeleteAsync(key, etag, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (DocumentNotFoundException)
        {
            return true;
        }
        catch (DocumentChangedException)
        {
            return false;
        }
    }
}
