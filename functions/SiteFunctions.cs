using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api;

namespace Serverless.Functions;

/// <summary>
/// The web console and the OpenAPI document (<see cref="SiteRoutes"/>): one HTTP function each, running the same
/// handler as the local host. Anonymous, as on the local host: the console signs in with the project token itself.
/// </summary>
internal static class SiteFunctions
{
    [Function(SiteRoutes.ConsoleName)]
    public static IActionResult ServeConsole([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "console/{*path}")] HttpRequest request) =>
        new SiteRouteResult(SiteRoutes.Console);

    [Function(SiteRoutes.OpenApiName)]
    public static IActionResult ServeOpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        new SiteRouteResult(SiteRoutes.OpenApi);
}
