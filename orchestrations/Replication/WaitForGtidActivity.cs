using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>Waits until the replica has applied a GTID position; fails naming how far behind it is.</summary>
[DurableTask(Name)]
internal sealed class WaitForGtidActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<GtidWait, bool>
{
    public const string Name = "WaitForGtid";

    public override async Task<bool> RunAsync(TaskActivityContext context, GtidWait input)
    {
        var replica = await AdminConnections.GetAsync(platform, secrets, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.WaitForAsync(replica, input.Gtid, TimeSpan.FromSeconds(input.TimeoutSeconds), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
