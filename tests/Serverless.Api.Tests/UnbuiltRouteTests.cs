using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// A Trove call the service does not offer answers 501 in Trove's error shape, a path Trove does not have 404, never the
/// other way round; <c>/clusters</c> answers as an empty collection so that the clients' name look-ups fall through.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnbuiltRouteTests(ApiHost host)
{
    private const string Id = "0d4b1b5e-1111-4222-8333-944445555666";

    [Theory]
    [InlineData("GET", "limits", "limits")]
    [InlineData("GET", "modules", "modules")]
    [InlineData("POST", "clusters", "clusters")]
    [InlineData("GET", "instances/" + Id + "/log", "guest logs")]
    [InlineData("PUT", "instances/" + Id + "/users", "updating several users at once")]
    public async Task KnownTroveCallsNotBuilt_Are501NotImplemented_NamingTheFeature(string method, string path, string feature)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var message = await TroveResponse.FaultAsync(await client.SendAsync(request), 501, "notImplemented");

        Assert.Contains($"({feature})", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "nonsense")]
    [InlineData("GET", "instances/" + Id + "/nonsense")]
    [InlineData("DELETE", "limits")]
    [InlineData("GET", "mgmt/instances")]
    public async Task PathsTroveDoesNotHave_Are404ItemNotFound(string method, string path)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        await TroveResponse.FaultAsync(await client.SendAsync(request), 404, "itemNotFound");
    }

    [Fact]
    public async Task Clusters_AreAnEmptyList_AndAnyClusterIsNotFound()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var list = await TroveResponse.JsonAsync(await client.GetAsync("clusters"), 200);
        Assert.Equal(0, list.GetProperty("clusters").GetArrayLength());
        await TroveResponse.FaultAsync(await client.GetAsync("clusters/my-db"), 404, "itemNotFound");
    }

    [Fact]
    public async Task OpenStackLimitList_PrintsThe501Message()
    {
        const string project = "foxtrot";
        const string token = "token-foxtrot-1357";
        host.AddProject(project, token);

        var (exitCode, _, error) = await new OpenStackCli(host, project, token).TryRunAsync("database", "limit", "list");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("does not offer yet (limits). (HTTP 501)", error, StringComparison.Ordinal);
    }
}
