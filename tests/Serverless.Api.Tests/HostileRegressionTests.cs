using System.Net.Http.Headers;
using System.Text;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// The holes the hostile-input suite found, each pinned with the request that showed it: these answered 500 before
/// the fix, and must stay 400 <c>badRequest</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileRegressionTests(ApiHost host)
{
    public static TheoryData<string, string> UnpairedSurrogates => new()
    {
        // The outside probe's case: a string escape that JSON's syntax allows but that is no text.
        { "backups", """{"backup": {"name": "nightly\uD800", "instance": "0d4b1b5e-1111-4222-8333-944445555666"}}""" },
        { "backups", """{"backup": {"name": "nightly", "description": "\uDC00\uD800"}}""" },
        { "backups", """{"backup": {"na\uD800me": "nightly"}}""" },
        { "instances", """{"instance": {"name": "\uDBFF\uDBFF", "flavorRef": "1", "volume": {"size": 1}}}""" },
        { "configurations", """{"configuration": {"name": "c", "values": {"max_connections\uD800": 1}}}""" },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public async Task UnpairedSurrogateEscape_IsBadRequest_NotAServerError(string collection, string body)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var message = await TroveResponse.FaultAsync(await client.PostAsync(collection, TroveResponse.Body(body)), 400, "badRequest");

        Assert.Contains("Unicode", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backups", new byte[] { 0xC3, 0x28 })]
    [InlineData("backups", new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData("instances", new byte[] { 0xFF })]
    [InlineData("configurations", new byte[] { 0xC0, 0x80 })]
    public async Task InvalidUtf8InAString_IsBadRequest_NotAServerError(string collection, byte[] bad)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        var envelope = collection.TrimEnd('s');
        byte[] body = [.. Encoding.UTF8.GetBytes($$"""{"{{envelope}}": {"name": "x"""), .. bad, .. Encoding.UTF8.GetBytes("\"}}")];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var message = await TroveResponse.FaultAsync(await client.PostAsync(collection, content), 400, "badRequest");

        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "users/%F0%9F%92%A9")]
    [InlineData("DELETE", "users/%F0%9F%92%A9/databases/sales")]
    [InlineData("GET", "users/%F0%9F%92%A9/databases")]
    [InlineData("DELETE", "users/%F0%9F%92%A9%40%F0%9F%92%A9")]
    public async Task UserNameTheServerCannotHold_IsNotFound_NotAServerError(string method, string path)
    {
        var targets = await TenantResources.GetAsync(host);
        using var client = host.Client(targets.Project, targets.Token);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"instances/{targets.Ids["instance_id"]}/{path}"));

        await TroveResponse.FaultAsync(response, 404, "itemNotFound");
    }
}
