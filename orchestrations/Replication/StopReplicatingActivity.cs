using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Stops a replica's replication for good over SQL and clears its replication filter (promote, detach on the local
/// platform); the orchestration then makes it writable through the platform, which keeps that at every later start.
/// </summary>
[DurableTask(Name)]
internal sealed class StopReplicatingActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<string, bool>
{
    public const string Name = "StopReplicating";

    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        var replica = await AdminConnections.GetAsync(platform, secrets, input, CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.StopReplicatingAsync(replica, CancellationToken.None).ConfigureAwait(false);
        await platform.KeepReplicationFilterAsync(input, [], CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
