using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Writes the end state of every member of a replica set (roles, status, fault). Each member changes only while the
/// operation still owns it, and to exact values, so a re-run after a crash ends the same way.
/// </summary>
[DurableTask(Name)]
internal sealed class UpdateReplicaSetActivity(IDocumentStore catalog, TimeProvider time) : TaskActivity<ReplicaSetUpdate, bool>
{
    public const string Name = "UpdateReplicaSet";

    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaSetUpdate input)
    {
        foreach (var member in input.Members)
        {
            await CatalogDocuments.ChangeAsync(
                catalog,
                CatalogKeys.Instance(input.ProjectId, member.InstanceId),
                CatalogJsonContext.Default.InstanceDocument,
                instance => instance.Instance.OperationId != input.OperationId ? null : instance with
                {
                    Instance = instance.Instance with
                    {
                        Status = member.Status,
                        ReplicaOf = member.ReplicaOf,
                        Replicas = member.Replicas,
                        Fault = member.Fault,
                        Updated = time.GetUtcNow(),
                    },
                },
                CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }
}
