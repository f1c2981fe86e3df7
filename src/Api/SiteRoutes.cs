using Microsoft.AspNetCore.Http;
using Serverless.Api.OpenApi;
using Serverless.Api.WebConsole;

namespace Serverless.Api;

/// <summary>The routes outside the Trove API that both homes serve: the web console and the OpenAPI document.</summary>
public static class SiteRoutes
{
    /// <summary>The name of the console's route (and of its function).</summary>
    public const string ConsoleName = "Site_Console";

    /// <summary>The name of the OpenAPI document's route (and of its function).</summary>
    public const string OpenApiName = "Site_OpenApi";

    /// <summary>Gets the console: <c>/console/</c> and its assets, GET only (<see cref="ConsoleAssets"/>).</summary>
    public static SiteRoute Console { get; } = new(ConsoleName, "console/{**path}", ConsoleAssets.ServeAsync);

    /// <summary>Gets the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static SiteRoute OpenApi { get; } = new(OpenApiName, TroveOpenApiDocument.Path, ServeOpenApiAsync);

    /// <summary>Gets every site route.</summary>
    public static IReadOnlyList<SiteRoute> All { get; } = [Console, OpenApi];

    private static Task ServeOpenApiAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.WriteAsync(TroveOpenApiDocument.Utf8, context.RequestAborted).AsTask();
    }
}
