using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Waits until the replica has applied everything its external source had written when the step started (the source
/// keeps taking writes; the target is the position read now).
/// </summary>
[DurableTask(Name)]
internal sealed class CatchUpExternalActivity(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog) : TaskActivity<ExternalReplicaStep, bool>
{
    public const string Name = "CatchUpExternal";

    public override async Task<bool> RunAsync(TaskActivityContext context, ExternalReplicaStep input)
    {
        var replica = await AdminConnections.GetAsync(platform, secrets, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        var (_, source) = await ExternalSources.GetAsync(catalog, secrets, input.ProjectId, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        var target = await MariaDbReplication.ReadBinlogPositionAsync(source, CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.WaitForAsync(replica, target, CatchUpActivity.Deadline, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
