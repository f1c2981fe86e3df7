using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>Removes a replica from its source's list of replicas (detach, delete); done already is fine.</summary>
[DurableTask(Name)]
internal sealed class UnlinkReplicaActivity(IDocumentStore catalog, TimeProvider time) : TaskActivity<ReplicaUnlink, bool>
{
    public const string Name = "UnlinkReplica";

    public override Task<bool> RunAsync(TaskActivityContext context, ReplicaUnlink input) =>
        ReplicaSets.UnlinkAsync(catalog, input.ProjectId, input.SourceId, input.ReplicaId, time, CancellationToken.None);
}
