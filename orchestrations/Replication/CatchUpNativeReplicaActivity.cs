using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// After the platform has made a replica (Azure <c>createMode: Replica</c>): waits until the replica's server shows
/// replication configured with its applier running and no error, then until it has applied what the source had written
/// when the wait began. Read over SQL in the dialect of the server's version (<c>SHOW REPLICA STATUS</c> and
/// <c>gtid_executed</c> on MySQL 8). The receiver thread is not a signal: Azure's storage-assisted replication shows
/// <c>Replica_IO_Running: No</c> while it replicates.
/// </summary>
[DurableTask(Name)]
internal sealed class CatchUpNativeReplicaActivity(IDatabasePlatform platform, ISecretStore secrets, TimeProvider time) : TaskActivity<ReplicaLink, bool>
{
    public const string Name = "CatchUpNativeReplica";

    // Azure reports the replica created once it replicates; this bounds the wait for the applier to show it.
    private static readonly TimeSpan RunningDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaLink input)
    {
        var deadline = time.GetUtcNow() + RunningDeadline;
        while (true)
        {
            var health = await ReplicationHealth.ReadAsync(platform, secrets, input.ReplicaId, ReadDeadline, CancellationToken.None).ConfigureAwait(false);
            if (health.IsReplicating && health.SqlThreadState == "Yes" && health.LastError is null)
            {
                break;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException(
                    $"The platform created replica {input.ReplicaId} of {input.SourceId}, but its replication did not run within {RunningDeadline.TotalMinutes:0} minutes "
                    + $"({(health.Reachable ? $"replicating: {health.IsReplicating}, applier: {health.SqlThreadState ?? "none"}, error: {health.LastError ?? "none"}" : "the server does not answer")}).");
            }

            await Task.Delay(Interval, time, CancellationToken.None).ConfigureAwait(false);
        }

        return await CatchUpActivity.RunAsync(platform, secrets, input, CancellationToken.None).ConfigureAwait(false);
    }
}
