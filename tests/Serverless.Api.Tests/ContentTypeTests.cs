using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// As Trove's WSGI layer: a body whose Content-Type is explicitly not JSON is refused with 415 <c>badMediaType</c> and
/// changes nothing, even when the body is valid JSON; a body without a Content-Type, or with application/json and
/// parameters or another letter case, is read as JSON (the real clients send <c>application/json</c> with every body).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContentTypeTests(ApiHost host)
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("text/json")]
    [InlineData("not a media type")]
    public async Task JsonBodyWithANonJsonContentType_Is415BadMediaType_AndCreatesNothing(string contentType)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        var name = $"ctype-{Guid.NewGuid():N}"[..20];

        var message = await TroveResponse.FaultAsync(await client.PostAsync("configurations", Body(ConfigurationBody(name), contentType)), 415, "badMediaType");

        Assert.Contains("Unsupported Content-Type", message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, await client.GetStringAsync("configurations"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task JsonBodyWithoutAContentTypeOrWithJson_IsRead(string? contentType)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        var name = $"ctype-{Guid.NewGuid():N}"[..20];

        var created = await TroveResponse.JsonAsync(await client.PostAsync("configurations", Body(ConfigurationBody(name), contentType)), 200);

        Assert.Equal(name, created.GetProperty("configuration").GetProperty("name").GetString());
    }

    [Fact]
    public async Task NonJsonContentTypeWithoutABody_IsNotRefused_AsTroveChecksTheTypeOfBodiesOnly()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        using var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        // An empty body is refused for what it lacks (a JSON object), not for its type.
        await TroveResponse.FaultAsync(await client.PostAsync("configurations", empty), 400, "badRequest");
    }

    private static string ConfigurationBody(string name) =>
        JsonSerializer.Serialize(new { configuration = new { name, values = new { max_connections = 120 } } });

    private static ByteArrayContent Body(string json, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }
}
