using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Configurations;

/// <summary>Finds a configuration group for an instance: by id, or by name when unique in the project, for the instance's datastore version.</summary>
internal static class ConfigurationGroups
{
    /// <summary>The project's groups, oldest first.</summary>
    public static async Task<IReadOnlyList<ConfigurationView>> ListAsync(IDocumentStore catalog, string projectId, CancellationToken cancellationToken)
    {
        var groups = new List<ConfigurationView>();
        await foreach (var key in catalog.ListKeysAsync(CatalogKeys.ConfigurationsPrefix(projectId), cancellationToken).ConfigureAwait(false))
        {
            if (await catalog.GetAsync(key, CatalogJsonContext.Default.ConfigurationView, cancellationToken).ConfigureAwait(false) is { } group)
            {
                groups.Add(group.Value);
            }
        }

        return [.. groups.OrderBy(g => g.Created).ThenBy(g => g.Id, StringComparer.Ordinal)];
    }

    /// <summary>One group, by id or (when unique) by name; a trailing URL path (an href) is reduced to its last segment.</summary>
    /// <exception cref="CatalogNotFoundException">No such group.</exception>
    public static async Task<ConfigurationView> FindAsync(IDocumentStore catalog, string projectId, string idOrName, CancellationToken cancellationToken)
    {
        if (CatalogIds.IsWellFormed(idOrName)
            && await catalog.GetAsync(CatalogKeys.Configuration(projectId, idOrName), CatalogJsonContext.Default.ConfigurationView, cancellationToken).ConfigureAwait(false) is { } group)
        {
            return group.Value;
        }

        // The OSC and legacy CLIs send names unresolved (`instance update --configuration X`, `instance create --configuration X`).
        var named = (await ListAsync(catalog, projectId, cancellationToken).ConfigureAwait(false)).Where(g => g.Name == idOrName).ToList();
        return named.Count == 1 ? named[0] : throw new CatalogNotFoundException("Configuration group", idOrName ?? "");
    }

    /// <summary>The group for an instance of <paramref name="datastore"/> <paramref name="versionName"/> (version id <paramref name="versionId"/>).</summary>
    /// <exception cref="CatalogNotFoundException">No such group.</exception>
    /// <exception cref="CatalogValidationException">The group is for another datastore version.</exception>
    public static async Task<ConfigurationView> FindForAsync(
        IDocumentStore catalog, string projectId, string idOrName, string datastore, string versionName, string versionId, CancellationToken cancellationToken)
    {
        var group = await FindAsync(catalog, projectId, idOrName.TrimEnd('/').Split('/')[^1], cancellationToken).ConfigureAwait(false);
        return group.DatastoreVersionId == versionId
            ? group
            : throw new CatalogValidationException(
                $"Configuration group '{group.Name}' is for {group.DatastoreName} {group.DatastoreVersionName}, and the instance runs {datastore} {versionName}.");
    }
}
