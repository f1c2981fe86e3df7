using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>Creates the replica's replication account on the source (password from the secret store, inside the step).</summary>
[DurableTask(Name)]
internal sealed class EnsureReplicationAccountActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<ReplicaLink, bool>
{
    public const string Name = "EnsureReplicationAccount";

    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaLink input)
    {
        var source = await AdminConnections.GetAsync(platform, secrets, input.SourceId, CancellationToken.None).ConfigureAwait(false);
        var account = await ReplicationAccounts.GetAsync(secrets, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.EnsureAccountAsync(source, account, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
