using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serverless.Api.Auth;
using Serverless.Api.Errors;

namespace Serverless.Api;

/// <summary>Maps the Trove v1.0-compatible endpoints.</summary>
public static class TroveApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every route of <see cref="TroveRoutes"/> under <c>/v1.0/{project_id}</c>: instances, backups, flavors,
    /// datastores and operations, and beside them the web console (<c>/console</c>) and the OpenAPI document (<c>/openapi/v1.json</c>) of <see cref="SiteRoutes"/>. Each API request must carry the project's token in <c>X-Auth-Token</c>; errors come in
    /// Trove's <c>{"&lt;fault&gt;": {"code", "message"}}</c> shape.
    /// </summary>
    /// <param name="endpoints">The host's route builder.</param>
    /// <returns>The group holding the endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapTroveApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var project = endpoints.MapGroup($"/{TroveRoute.ProjectPrefix}");
        project.AddEndpointFilter<ProjectTokenFilter>();
        project.AddEndpointFilter<TroveErrorFilter>();
        foreach (var route in TroveRoutes.Endpoints)
        {
            project.MapMethods(route.Pattern, [route.Method!], route.Handler).WithName(route.Name);
        }

        project.MapFallback(TroveRoutes.NotFound.Pattern, TroveRoutes.NotFound.Handler).WithName(TroveRoutes.NotFound.Name);

        // The web console and the OpenAPI document sit beside the API, outside the project and its token check.
        foreach (var route in SiteRoutes.All)
        {
            endpoints.Map(route.Pattern, route.Handler).WithName(route.Name);
        }

        return project;
    }
}
