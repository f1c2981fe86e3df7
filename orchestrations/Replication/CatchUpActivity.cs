using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Waits until the replica has applied everything the source had written when the step started (the source keeps
/// taking writes, so the target is the position read now, not a moving one).
/// </summary>
[DurableTask(Name)]
internal sealed class CatchUpActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<ReplicaLink, bool>
{
    public const string Name = "CatchUp";

    // A replica that cannot catch up with its source within this time is reported; the operator may re-sync it.
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(30);

    public override Task<bool> RunAsync(TaskActivityContext context, ReplicaLink input) => RunAsync(platform, secrets, input, CancellationToken.None);

    /// <summary>Waits until the replica has applied the source's position as read now (shared with native replicas).</summary>
    public static async Task<bool> RunAsync(IDatabasePlatform platform, ISecretStore secrets, ReplicaLink input, CancellationToken cancellationToken)
    {
        var source = await AdminConnections.GetAsync(platform, secrets, input.SourceId, cancellationToken).ConfigureAwait(false);
        var replica = await AdminConnections.GetAsync(platform, secrets, input.ReplicaId, cancellationToken).ConfigureAwait(false);
        var health = await MariaDbReplication.ReadHealthAsync(source, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (!health.Reachable)
        {
            throw new InvalidOperationException($"The source {input.SourceId} does not answer; the replica cannot catch up with it.");
        }

        await MariaDbReplication.WaitForAsync(replica, health.AppliedGtid ?? string.Empty, Deadline, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
