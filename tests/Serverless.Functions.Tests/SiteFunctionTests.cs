using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Serverless.Api;
using Xunit;

namespace Serverless.Functions.Tests;

/// <summary>The console and OpenAPI functions run the same handlers as the local host, on the request the Functions host routed.</summary>
public sealed class SiteFunctionTests
{
    [Fact]
    public async Task Console_ServesThePageAndItsModules_WithoutAToken()
    {
        var (status, type, body) = await CallAsync(SiteFunctions.ServeConsole, "/console/");
        Assert.Equal(200, status);
        Assert.StartsWith("text/html", type, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", body, StringComparison.Ordinal);

        var (moduleStatus, moduleType, _) = await CallAsync(SiteFunctions.ServeConsole, "/console/app.js");
        Assert.Equal(200, moduleStatus);
        Assert.StartsWith("text/javascript", moduleType, StringComparison.Ordinal);

        var (redirect, _, _) = await CallAsync(SiteFunctions.ServeConsole, "/console");
        Assert.Equal(302, redirect);
    }

    [Fact]
    public async Task OpenApi_ServesTheDocumentOfEveryRoute()
    {
        var (status, type, body) = await CallAsync(SiteFunctions.ServeOpenApi, "/openapi/v1.json");
        Assert.Equal(200, status);
        Assert.StartsWith("application/json", type, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(TroveRoutes.Endpoints.Select(r => "/" + r.Template).Distinct().Count(), document.RootElement.GetProperty("paths").EnumerateObject().Count());
    }

    private static async Task<(int Status, string ContentType, string Body)> CallAsync(Func<HttpRequest, IActionResult> function, string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = path;
        using var body = new MemoryStream();
        http.Response.Body = body;
        var result = function(http.Request);
        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        return (http.Response.StatusCode, http.Response.ContentType ?? "", Encoding.UTF8.GetString(body.ToArray()));
    }
}
