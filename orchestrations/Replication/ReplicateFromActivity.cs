using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Points the replica at the source, starts replication from what it has applied (GTID, TLS verified), keeps it
/// read-only, and waits until both replication threads run.
/// </summary>
[DurableTask(Name)]
internal sealed class ReplicateFromActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<ReplicaLink, bool>
{
    public const string Name = "ReplicateFrom";

    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaLink input)
    {
        var replica = await AdminConnections.GetAsync(platform, secrets, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        var source = await platform.GetAdminAccessAsync(input.SourceId, CancellationToken.None).ConfigureAwait(false);
        var account = await ReplicationAccounts.GetAsync(secrets, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);

        // Only the source's address and CA are used here; the replica signs in with its own account.
        var endpoint = new Serverless.DataPlane.ServerConnection(source.Host, source.Port, account.User, string.Empty, source.CaCertificatePem);
        await MariaDbReplication.ReplicateFromAsync(replica, endpoint, account, databases: null, CancellationToken.None).ConfigureAwait(false);
        await platform.SetReadOnlyAsync(input.ReplicaId, isReadOnly: true, CancellationToken.None).ConfigureAwait(false);

        // A replica counts as following once it has connected and signed in, not when it was merely told to.
        await MariaDbReplication.WaitUntilRunningAsync(replica, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
