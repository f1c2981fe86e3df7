using Microsoft.Extensions.Logging;
using Serverless.MySql;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Takes a consistent logical snapshot of a server into an artifact set.</summary>
public sealed class SnapshotDumper
{
    /// <summary>Creates a dumper writing into <paramref name="store"/>.</summary>
    public SnapshotDumper(ArtifactStore store, ILogger<SnapshotDumper>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _ = logger;
    }

    /// <summary>
    /// Dumps the source into set <paramref name="setId"/> and writes its manifest last. The data of every
    /// table matches <see cref="SnapshotSummary.Position"/> exactly. If the set is already complete (a re-run
    /// after a crash), returns its summary without dumping again.
    /// </summary>
    public Task<SnapshotSummary> DumpAsync(MySqlConnectionOptions source, string setId, SnapshotDumpOptions options, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
