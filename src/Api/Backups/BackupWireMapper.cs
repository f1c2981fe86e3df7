using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Backups;

/// <summary>
/// Shapes <see cref="BackupView"/>s as Trove's backup object (trove-api.md §8), looking up the datastore version
/// id the clients print beside the datastore and version names.
/// </summary>
internal sealed class BackupWireMapper(CatalogQueries catalog)
{
    public async Task<BackupWire> MapAsync(BackupView backup, CancellationToken cancellationToken) =>
        (await MapAsync([backup], cancellationToken))[0];

    public async Task<IReadOnlyList<BackupWire>> MapAsync(IReadOnlyList<BackupView> backups, CancellationToken cancellationToken)
    {
        var datastores = backups.Count == 0 ? [] : await catalog.ListDatastoresAsync(cancellationToken);
        return [.. backups.Select(backup => Map(backup, datastores))];
    }

    private static BackupWire Map(BackupView backup, IReadOnlyList<DatastoreView> datastores) => new(
        backup.Id,
        backup.Name,
        backup.Description,
        backup.LocationRef,
        backup.InstanceId,
        TroveTime.Format(backup.Created),
        TroveTime.Format(backup.Updated),
        backup.SizeGigabytes,
        backup.Status,
        backup.ParentId,
        backup.ProjectId,
        new BackupDatastoreWire(backup.Datastore, backup.DatastoreVersion, VersionId(backup, datastores)),
        backup.OperationId,
        backup.ProgressPercent)
    {
        Kind = backup.Kind,
        ChainId = backup.ChainId,
        CoveredFrom = backup.CoveredFrom is { } from ? TroveTime.Format(from) : null,
        CoveredTo = backup.CoveredTo is { } to ? TroveTime.Format(to) : null,
    };

    // A version an operator removed since keeps its name as the id: the clients need the key, not its value.
    private static string VersionId(BackupView backup, IReadOnlyList<DatastoreView> datastores) =>
        datastores
            .Where(datastore => Named(datastore.Id, datastore.Name, backup.Datastore))
            .SelectMany(datastore => datastore.Versions)
            .FirstOrDefault(version => Named(version.Id, version.Name, backup.DatastoreVersion))?.Id
        ?? backup.DatastoreVersion;

    private static bool Named(string id, string name, string wanted) =>
        string.Equals(id, wanted, StringComparison.Ordinal) || string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase);
}
