using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Checks the external source before anything is provisioned (reachable over TLS, the account accepted and privileged,
/// MariaDB, ROW binlog, the databases readable), so a migration that cannot work fails at once with nothing left
/// running. Returns the source's version.
/// </summary>
[DurableTask(Name)]
internal sealed class CheckExternalSourceActivity(IDocumentStore catalog, ISecretStore secrets) : TaskActivity<ExternalReplicaStep, string>
{
    public const string Name = "CheckExternalSource";

    public override async Task<string> RunAsync(TaskActivityContext context, ExternalReplicaStep input)
    {
        var (source, connection) = await ExternalSources.GetAsync(catalog, secrets, input.ProjectId, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        return await ExternalSourceChecks.CheckAsync(connection, source.Databases, CancellationToken.None).ConfigureAwait(false);
    }
}
