using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>Reads one instance's replication health within a deadline; a server that is down or unknown to the platform is unreachable.</summary>
internal static class ReplicationHealth
{
    public static async Task<ReplicaHealth> ReadAsync(IDatabasePlatform platform, ISecretStore secrets, string instanceId, TimeSpan deadline, CancellationToken cancellationToken)
    {
        try
        {
            var server = await AdminConnections.GetAsync(platform, secrets, instanceId, cancellationToken).ConfigureAwait(false);
            return await MariaDbReplication.ReadHealthAsync(server, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ServerNotFoundException)
        {
            return ReplicaHealth.Unknown;
        }
    }
}
