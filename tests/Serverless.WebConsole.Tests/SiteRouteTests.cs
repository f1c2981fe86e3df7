using System.Net;
using System.Text.Json;
using Serverless.Api;
using Xunit;

namespace Serverless.WebConsole.Tests;

/// <summary>The console's files and the OpenAPI document as the API host serves them, without a token.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SiteRouteTests(ConsoleHost host)
{
    [Fact]
    public async Task OpenApiDocument_DescribesEveryRouteOfTheTable_AndNothingElse()
    {
        using var client = new HttpClient { BaseAddress = host.Api.BaseAddress };
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(p => p.Name != "parameters").Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal);
        var routes = TroveRoutes.Endpoints.Select(route => $"{route.Method} /{route.Template}").Order(StringComparer.Ordinal);
        Assert.Equal(routes, described);
        Assert.Equal("3.1.0", document.RootElement.GetProperty("openapi").GetString());
        Assert.Equal("X-Auth-Token", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("projectToken").GetProperty("name").GetString());

        // Every path parameter of a template is declared, and only those.
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var inTemplate = path.Name.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).Order(StringComparer.Ordinal);
            var declared = path.Value.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);
            Assert.Equal(inTemplate, declared);
        }
    }

    [Fact]
    public async Task OpenApiDocument_IsTheOneCheckedInUnderDocs()
    {
        using var client = new HttpClient { BaseAddress = host.Api.BaseAddress };
        var served = await client.GetStringAsync("/openapi/v1.json");
        var checkedIn = Path.Combine(ConsoleHost.RepositoryRoot(), "docs", "openapi.json");

        // SERVERLESS_UPDATE_OPENAPI=1 rewrites the checked-in copy after a route changes; review the diff and commit it.
        if (Environment.GetEnvironmentVariable("SERVERLESS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(checkedIn, served);
        }

        Assert.True(File.Exists(checkedIn), "docs/openapi.json is missing; run this test with SERVERLESS_UPDATE_OPENAPI=1 to write it.");
        Assert.True(served == await File.ReadAllTextAsync(checkedIn), "docs/openapi.json differs from what the API serves; run this test with SERVERLESS_UPDATE_OPENAPI=1, review the diff and commit it.");
    }

    [Fact]
    public async Task Console_IsServedFromTheHost_WithoutAnythingFromElsewhere()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Api.BaseAddress };
        using (var bare = await client.GetAsync("/console"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
            Assert.Equal("/console/", bare.Headers.Location?.OriginalString);
        }

        using var page = await client.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);

        foreach (var file in new[] { "index.html", "app.js", "api.js", "dom.js", "confirm.js", "console.css" })
        {
            var text = await client.GetStringAsync($"/console/{file}");
            Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
        }

        using var missing = await client.GetAsync("/console/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var post = await client.PostAsync("/console/", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
