using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.DataPlane;
using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Replication;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Copies the source's data into the replica from one consistent snapshot (every database and account but the
/// platform's admin, or an external source's named databases), streamed straight from the source into the replica
/// (<see cref="SnapshotCopier"/>: nothing is staged in Blob Storage), and sets the replica's GTID position to the
/// snapshot's. A re-run after a crash copies again from a fresh snapshot and replaces what the first run loaded; a
/// finished seed is recorded in the operation, so a duplicate delivery, even one that arrives after replication has
/// started, returns it rather than seeding again. Returns the snapshot's GTID position.
/// </summary>
[DurableTask(Name)]
internal sealed class SeedReplicaActivity(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, ILoggerFactory loggerFactory)
    : TaskActivity<SeedReplicaInput, string>
{
    public const string Name = "SeedReplica";

    private const string SeededPrefix = "seeded:";

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

        // Two deliveries of this step can run at once (after a host kill): the second waits for the first under the
        // replica's load lock (the one restores take), then finds the seed recorded and does not load again under a
        // replica that may already replicate.
        var guard = await ServerLock.AcquireAsync(replica, ChainRestorer.RestoreLockName, ChainRestorer.RestoreLockWait, CancellationToken.None).ConfigureAwait(false);
        await using (guard.ConfigureAwait(false))
        {
            var operationKey = CatalogKeys.Operation(input.ProjectId, input.OperationId);
            var hold = await OperationHold.ReadAsync(catalog, input.ProjectId, input.OperationId, input.ReplicaId, "seeds replica", CancellationToken.None).ConfigureAwait(false);
            if (hold.Operation?.Value.Checkpoint is { } checkpoint && checkpoint.StartsWith(SeededPrefix, StringComparison.Ordinal))
            {
                return checkpoint[SeededPrefix.Length..];
            }

            // A late duplicate whose seed was not recorded (its operation ended, or another took the replica since) must not
            // drop the databases of a replica that now replicates, or serves as a source: only the running operation that
            // holds the replica seeds it.
            if (hold.Refusal is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }

            // Replication stops first: the copy replaces the databases it would write to.
            await MariaDbReplication.PauseAsync(replica, CancellationToken.None).ConfigureAwait(false);
            var copier = new SnapshotCopier(loggerFactory.CreateLogger<SnapshotCopier>());
            var position = await copier.CopyAsync(
                source, replica, options, new SnapshotLoadOptions { LoadId = $"seed-{input.OperationId}" }, CancellationToken.None).ConfigureAwait(false);
            await MariaDbReplication.SetSeedPositionAsync(replica, position.GtidSet, CancellationToken.None).ConfigureAwait(false);
            await CatalogDocuments.ChangeAsync(
                catalog, operationKey, CatalogJsonContext.Default.OperationDocument,
                o => o with { Checkpoint = SeededPrefix + position.GtidSet }, CancellationToken.None).ConfigureAwait(false);
            return position.GtidSet;
        }
    }
}
