using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Points a seeded replica at its external source with the migration account (GTID auto-positioning, TLS verified
/// against the source's CA when one was given), replicating only the databases copied; keeps it read-only and waits
/// until both replication threads run.
/// </summary>
[DurableTask(Name)]
internal sealed class ReplicateFromExternalActivity(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog) : TaskActivity<ExternalReplicaStep, bool>
{
    public const string Name = "ReplicateFromExternal";

    public override async Task<bool> RunAsync(TaskActivityContext context, ExternalReplicaStep input)
    {
        var replica = await AdminConnections.GetAsync(platform, secrets, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        var (source, connection) = await ExternalSources.GetAsync(catalog, secrets, input.ProjectId, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        // Kept first: a restart or resize from here on starts the server with the same filter.
        await platform.KeepReplicationFilterAsync(input.ReplicaId, source.Databases, CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.ReplicateFromAsync(
            replica, connection, new ReplicationAccount(connection.User, connection.Password), source.Databases, CancellationToken.None).ConfigureAwait(false);
        await platform.SetReadOnlyAsync(input.ReplicaId, isReadOnly: true, CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.WaitUntilRunningAsync(replica, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
