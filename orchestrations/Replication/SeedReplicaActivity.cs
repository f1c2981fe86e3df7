using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.DataPlane.Replication;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;
using Serverless.DataPlane;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Copies the source's data into the replica from one consistent snapshot (every database and account but the
/// platform's admin) and sets the replica's GTID position to the snapshot's. The snapshot set is named after the
/// operation, so a re-run after a crash reuses a complete dump, and the load replaces what a first run loaded.
/// Returns the snapshot's GTID position.
/// </summary>
[DurableTask(Name)]
internal sealed class SeedReplicaActivity(IDatabasePlatform platform, ISecretStore secrets, ArtifactStore artifacts, IDocumentStore catalog, ILoggerFactory loggerFactory)
    : TaskActivity<SeedReplicaInput, string>
{
    public const string Name = "SeedReplica";

    public override async Task<string> RunAsync(TaskActivityContext context, SeedReplicaInput input)
    {
        // An external source gives its named databases and no accounts (its users are not ours to copy); ours give every
        // database and account but the platform's admin.
        ServerConnection source;
        SnapshotDumpOptions options;
        if (input.FromExternalSource)
        {
            (var external, source) = await ExternalSources.GetAsync(catalog, secrets, input.ProjectId, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
            options = new SnapshotDumpOptions { Databases = external.Databases, IncludeUsers = false };
        }
        else
        {
            source = await AdminConnections.GetAsync(platform, secrets, input.SourceId, CancellationToken.None).ConfigureAwait(false);
            options = new SnapshotDumpOptions { ExcludedUsers = [source.User] };
        }

        var replica = await AdminConnections.GetAsync(platform, secrets, input.ReplicaId, CancellationToken.None).ConfigureAwait(false);
        var setId = $"seed-{input.OperationId}";

        // Under the replica's load lock: a second delivery of this step (after a host kill) waits instead of dumping
        // and loading under the first; when it gets the lock it does the whole seed again, which ends the same way.
        return await LoadLock.RunAsync(replica, setId, () => SeedAsync(input, source, options, replica, setId), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<string> SeedAsync(SeedReplicaInput input, ServerConnection source, SnapshotDumpOptions options, ServerConnection replica, string setId)
    {
        var dumper = new SnapshotDumper(artifacts, loggerFactory.CreateLogger<SnapshotDumper>());
        var snapshot = await dumper.DumpAsync(
            source,
            setId,
            options with
            {
                Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["replicaId"] = input.ReplicaId, ["projectId"] = input.ProjectId },
            },
            CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.PauseAsync(replica, CancellationToken.None).ConfigureAwait(false);
        var loader = new SnapshotLoader(artifacts, loggerFactory.CreateLogger<SnapshotLoader>());
        await loader.LoadAsync(setId, replica, new SnapshotLoadOptions(), CancellationToken.None).ConfigureAwait(false);
        await MariaDbReplication.SetSeedPositionAsync(replica, snapshot.Position.GtidSet, CancellationToken.None).ConfigureAwait(false);
        await artifacts.DeleteSetAsync(setId, CancellationToken.None).ConfigureAwait(false);
        return snapshot.Position.GtidSet;
    }
}
