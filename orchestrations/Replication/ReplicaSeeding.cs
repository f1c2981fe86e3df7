using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Replication;

/// <summary>The steps that build a replica's data and start it replicating, shared by create and re-sync.</summary>
internal static class ReplicaSeeding
{
    public static async Task RunAsync(OperationSteps steps, string projectId, string operationId, string replicaId, string sourceId)
    {
        var link = new ReplicaLink(replicaId, sourceId);
        await steps.RunAsync<bool>("replication-account", 20, EnsureReplicationAccountActivity.Name, link);
        await steps.RunAsync<string>("seed-from-snapshot", 30, SeedReplicaActivity.Name, new SeedReplicaInput(projectId, operationId, replicaId, sourceId), BackupSteps.DataRetry);
        await steps.RunAsync<bool>("start-replication", 70, ReplicateFromActivity.Name, link);
        await steps.RunAsync<bool>("catch-up", 80, CatchUpActivity.Name, link);
    }
}
