using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Fences writes on a live source now (commits in flight finish first) and returns its last GTID: every acknowledged
/// write is at or before it. The orchestration has made the source read-only through the platform first (kept at every
/// later start).
/// </summary>
[DurableTask(Name)]
internal sealed class FenceSourceActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<string, string>
{
    public const string Name = "FenceSource";

    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        var source = await AdminConnections.GetAsync(platform, secrets, input, CancellationToken.None).ConfigureAwait(false);
        return await MariaDbReplication.FenceAsync(source, CancellationToken.None).ConfigureAwait(false);
    }
}
