using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class AuthTests(ApiHost host)
{
    [Fact]
    public async Task MissingToken_Is401Unauthorized_AndNamesTheHeader()
    {
        using var client = host.Client(ApiHost.Alpha, token: null);

        var message = await TroveResponse.FaultAsync(await client.GetAsync("instances"), 401, "unauthorized");

        Assert.Contains("X-Auth-Token", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongToken_Is401Unauthorized()
    {
        using var client = host.Client(ApiHost.Alpha, "not-the-token");

        await TroveResponse.FaultAsync(await client.GetAsync("flavors"), 401, "unauthorized");
    }

    [Fact]
    public async Task UnknownProject_Is401Unauthorized()
    {
        using var client = host.Client("gamma", ApiHost.AlphaToken);

        await TroveResponse.FaultAsync(await client.GetAsync("instances"), 403, "forbidden");
        using var unknown = host.Client("gamma", "whatever");
        await TroveResponse.FaultAsync(await unknown.GetAsync("instances"), 401, "unauthorized");
    }

    [Fact]
    public async Task AnotherProjectsToken_IsRefused_WithoutData()
    {
        using var client = host.Client(ApiHost.Beta, ApiHost.AlphaToken);

        var response = await client.GetAsync("instances");

        var message = await TroveResponse.FaultAsync(response, 403, "forbidden");
        Assert.Contains(ApiHost.Beta, message, StringComparison.Ordinal);
        await TroveResponse.FaultAsync(await client.PostAsync("instances", TroveResponse.Body("""{"instance":{"name":"x"}}""")), 403, "forbidden");
    }

    [Fact]
    public async Task UnknownPath_UnderTheProject_IsJson404_AfterAuth()
    {
        using var anonymous = host.Client(ApiHost.Alpha, token: null);
        await TroveResponse.FaultAsync(await anonymous.GetAsync("no-such-thing"), 401, "unauthorized");

        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        await TroveResponse.FaultAsync(await client.GetAsync("no-such-thing/1"), 404, "itemNotFound");
    }
}
