using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Flavors;

/// <summary><c>/flavors</c> (trove-api.md §5).</summary>
internal static class FlavorEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.ListFlavors, "GET", "flavors", ListAsync),
        new(TroveRouteNames.GetFlavor, "GET", "flavors/{flavor_id}", GetAsync),
    ];

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, CatalogQueries catalog, ResourceLinks links, CancellationToken cancellationToken)
    {
        var flavors = await catalog.ListFlavorsAsync(cancellationToken);
        var items = flavors.Select(flavor => Map(context, projectId, links, flavor)).ToList();
        return TypedResults.Json(new FlavorListEnvelope(items), TroveJsonContext.Default.FlavorListEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "flavor_id")] string flavorId,
        HttpContext context,
        CatalogQueries catalog,
        ResourceLinks links,
        CancellationToken cancellationToken)
    {
        var flavor = await catalog.GetFlavorAsync(flavorId, cancellationToken);
        return TypedResults.Json(new FlavorEnvelope(Map(context, projectId, links, flavor)), TroveJsonContext.Default.FlavorEnvelope);
    }

    // Trove sends an integer id for numeric ids and null otherwise; the clients then read str_id.
    private static FlavorWire Map(HttpContext context, string projectId, ResourceLinks links, FlavorView flavor) => new(
        long.TryParse(flavor.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) ? numeric : null,
        flavor.Id,
        flavor.Name,
        flavor.RamMegabytes,
        flavor.VCpus,
        flavor.DiskGigabytes,
        Ephemeral: 0,
        links.Of(context, projectId, "flavors", flavor.Id));
}
