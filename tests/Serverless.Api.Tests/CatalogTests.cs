using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class CatalogTests(ApiHost host)
{
    [Fact]
    public async Task FlavorList_HasIntegerIdStrIdAndTheColumnsTheClientsPrint()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var body = await TroveResponse.JsonAsync(await client.GetAsync("flavors"), 200);

        var flavors = body.GetProperty("flavors").EnumerateArray().ToList();
        Assert.NotEmpty(flavors);
        foreach (var flavor in flavors)
        {
            Assert.Equal(JsonValueKind.Number, flavor.GetProperty("id").ValueKind);
            Assert.Equal(flavor.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), flavor.GetProperty("str_id").GetString());
            Assert.False(string.IsNullOrEmpty(flavor.GetProperty("name").GetString()));
            Assert.True(flavor.GetProperty("ram").GetInt32() > 0);
            Assert.True(flavor.GetProperty("vcpus").GetInt32() > 0);
            Assert.True(flavor.GetProperty("disk").GetInt32() > 0);
            Assert.Equal(0, flavor.GetProperty("ephemeral").GetInt32());
            Assert.EndsWith($"/v1.0/alpha/flavors/{flavor.GetProperty("str_id").GetString()}", flavor.GetProperty("links")[0].GetProperty("href").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FlavorShow_ById_AndUnknownFlavorIs404ItemNotFound()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var flavor = (await TroveResponse.JsonAsync(await client.GetAsync("flavors/1"), 200)).GetProperty("flavor");

        Assert.Equal(1, flavor.GetProperty("id").GetInt32());
        Assert.Equal("1", flavor.GetProperty("str_id").GetString());
        var message = await TroveResponse.FaultAsync(await client.GetAsync("flavors/no-such-flavor"), 404, "itemNotFound");
        Assert.Contains("no-such-flavor", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatastoreList_DefaultVersionIsOneOfItsOwnVersions()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var body = await TroveResponse.JsonAsync(await client.GetAsync("datastores"), 200);

        var datastore = Assert.Single(body.GetProperty("datastores").EnumerateArray());
        Assert.Equal("mysql", datastore.GetProperty("name").GetString());
        var versionIds = datastore.GetProperty("versions").EnumerateArray().Select(version => version.GetProperty("id").GetString()).ToList();
        Assert.Contains(datastore.GetProperty("default_version").GetString(), versionIds);
        Assert.All(datastore.GetProperty("versions").EnumerateArray(), version => Assert.False(string.IsNullOrEmpty(version.GetProperty("name").GetString())));
    }

    [Theory]
    [InlineData("datastores/mysql")]
    [InlineData("datastores/mysql/versions")]
    [InlineData("datastores/mysql/versions/10.11")]
    [InlineData("datastores/mysql/versions/mysql-10.11")]
    [InlineData("datastores/versions/mysql-10.11")]
    public async Task DatastoresAndVersions_ResolveNamesAndIds(string path)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var body = await TroveResponse.JsonAsync(await client.GetAsync(path), 200);

        var version = body.TryGetProperty("version", out var one) ? one
            : body.TryGetProperty("versions", out var many) ? Assert.Single(many.EnumerateArray())
            : body.GetProperty("datastore").GetProperty("versions")[0];
        Assert.Equal("mysql-10.11", version.GetProperty("id").GetString());
        Assert.Equal("10.11", version.GetProperty("name").GetString());
        if (version.TryGetProperty("version", out var engineVersion))
        {
            Assert.Equal("10.11", engineVersion.GetString());
            Assert.Equal("mysql", version.GetProperty("datastore").GetString());
        }
    }

    [Theory]
    [InlineData("datastores/postgresql", "postgresql")]
    [InlineData("datastores/mysql/versions/5.7", "5.7")]
    [InlineData("datastores/versions/nope", "nope")]
    public async Task UnknownDatastoreOrVersion_Is404ItemNotFound_NamingIt(string path, string name)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var message = await TroveResponse.FaultAsync(await client.GetAsync(path), 404, "itemNotFound");

        Assert.Contains(name, message, StringComparison.Ordinal);
    }
}
