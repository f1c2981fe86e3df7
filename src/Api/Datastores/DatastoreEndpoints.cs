using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Datastores;

/// <summary>
/// <c>/datastores</c> and their versions (trove-api.md §6). Datastores and versions are found by name or id,
/// because the clients pass them as typed.
/// </summary>
internal static class DatastoreEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.ListDatastores, "GET", "datastores", ListAsync),
        new(TroveRouteNames.GetDatastore, "GET", "datastores/{datastore}", GetAsync),
        new(TroveRouteNames.ListDatastoreVersions, "GET", "datastores/{datastore}/versions", ListVersionsAsync),
        new(TroveRouteNames.GetDatastoreVersion, "GET", "datastores/{datastore}/versions/{version}", GetVersionAsync),
        new(TroveRouteNames.GetDatastoreVersionById, "GET", "datastores/versions/{version_id}", GetVersionByIdAsync),
    ];

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, CatalogQueries catalog, ResourceLinks links, CancellationToken cancellationToken)
    {
        var datastores = await catalog.ListDatastoresAsync(cancellationToken);
        var items = datastores.Select(datastore => Map(context, projectId, links, datastore)).ToList();
        return TypedResults.Json(new DatastoreListEnvelope(items), TroveJsonContext.Default.DatastoreListEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, string datastore, HttpContext context, CatalogQueries catalog, ResourceLinks links, CancellationToken cancellationToken)
    {
        var found = await catalog.GetDatastoreAsync(datastore, cancellationToken);
        return TypedResults.Json(new DatastoreEnvelope(Map(context, projectId, links, found)), TroveJsonContext.Default.DatastoreEnvelope);
    }

    private static async Task<IResult> ListVersionsAsync(
        [FromRoute(Name = "project_id")] string projectId, string datastore, HttpContext context, CatalogQueries catalog, ResourceLinks links, CancellationToken cancellationToken)
    {
        var found = await catalog.GetDatastoreAsync(datastore, cancellationToken);
        var items = found.Versions.Select(version => MapVersion(context, projectId, links, found, version)).ToList();
        return TypedResults.Json(new DatastoreVersionListEnvelope(items), TroveJsonContext.Default.DatastoreVersionListEnvelope);
    }

    private static async Task<IResult> GetVersionAsync(
        [FromRoute(Name = "project_id")] string projectId, string datastore, string version, HttpContext context, CatalogQueries catalog, ResourceLinks links, CancellationToken cancellationToken)
    {
        var found = await catalog.GetDatastoreAsync(datastore, cancellationToken);
        var foundVersion = await catalog.GetDatastoreVersionAsync(found.Id, version, cancellationToken);
        return TypedResults.Json(new DatastoreVersionEnvelope(MapVersion(context, projectId, links, found, foundVersion)), TroveJsonContext.Default.DatastoreVersionEnvelope);
    }

    // `openstack datastore version show <id>` without --datastore asks by version id alone.
    private static async Task<IResult> GetVersionByIdAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "version_id")] string versionId,
        HttpContext context,
        CatalogQueries catalog,
        ResourceLinks links,
        CancellationToken cancellationToken)
    {
        foreach (var datastore in await catalog.ListDatastoresAsync(cancellationToken))
        {
            if (datastore.Versions.FirstOrDefault(version => string.Equals(version.Id, versionId, StringComparison.Ordinal)) is { } found)
            {
                return TypedResults.Json(new DatastoreVersionEnvelope(MapVersion(context, projectId, links, datastore, found)), TroveJsonContext.Default.DatastoreVersionEnvelope);
            }
        }

        throw new CatalogNotFoundException("Datastore version", versionId);
    }

    private static DatastoreWire Map(HttpContext context, string projectId, ResourceLinks links, DatastoreView datastore) => new(
        datastore.Id,
        datastore.Name,
        links.Of(context, projectId, "datastores", datastore.Id),
        datastore.DefaultVersionId,
        datastore.Versions
            .Select(version => new DatastoreVersionSummary(version.Id, version.Name, VersionLinks(context, projectId, links, version), version.Active ? 1 : 0))
            .ToList());

    private static DatastoreVersionWire MapVersion(HttpContext context, string projectId, ResourceLinks links, DatastoreView datastore, DatastoreVersionView version) => new(
        version.Id,
        version.Name,
        version.Name,
        datastore.Id,
        version.Active ? 1 : 0,
        VersionLinks(context, projectId, links, version));

    private static IReadOnlyList<Link> VersionLinks(HttpContext context, string projectId, ResourceLinks links, DatastoreVersionView version) =>
        links.Of(context, projectId, "datastores/versions", version.Id);
}
