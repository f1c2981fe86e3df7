using Microsoft.Extensions.Logging;
using Serverless.MySql;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Loads a snapshot from an artifact set into a server.</summary>
public sealed class SnapshotLoader
{
    /// <summary>Creates a loader reading from <paramref name="store"/>.</summary>
    public SnapshotLoader(ArtifactStore store, ILogger<SnapshotLoader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _ = logger;
    }

    /// <summary>
    /// Loads set <paramref name="setId"/> into <paramref name="target"/>. The target's copies of the snapshot's
    /// databases are replaced, so a load interrupted by a crash can simply run again.
    /// </summary>
    /// <returns>The snapshot's summary (its binlog coordinates are where replication or binlog replay continues).</returns>
    public Task<SnapshotSummary> LoadAsync(string setId, MySqlConnectionOptions target, SnapshotLoadOptions options, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
