using Microsoft.DurableTask;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// Sets an instance's status and what goes with it (endpoint, used volume, fault). A no-op once another operation owns
/// the instance, so a re-run after a crash, or a late run, never undoes a newer operation's change.
/// </summary>
[DurableTask(Name)]
internal sealed class UpdateInstanceActivity(IDocumentStore catalog, TimeProvider time) : TaskActivity<InstanceUpdate, bool>
{
    public const string Name = "UpdateInstance";

    public override Task<bool> RunAsync(TaskActivityContext context, InstanceUpdate input) =>
        CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Instance(input.ProjectId, input.InstanceId),
            CatalogJsonContext.Default.InstanceDocument,
            instance => instance.Instance.OperationId != input.OperationId ? null : instance with
            {
                Instance = instance.Instance with
                {
                    Status = input.Status,
                    FlavorId = input.FlavorId ?? instance.Instance.FlavorId,
                    VolumeSizeGigabytes = input.VolumeSizeGigabytes ?? instance.Instance.VolumeSizeGigabytes,
                    Host = input.Host ?? instance.Instance.Host,
                    Port = input.Port ?? instance.Instance.Port,
                    VolumeUsedGigabytes = input.VolumeUsedGigabytes ?? instance.Instance.VolumeUsedGigabytes,
                    Fault = input.Fault,
                    Updated = time.GetUtcNow(),
                },
            },
            CancellationToken.None);
}
