using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// Drives the real <c>openstack database …</c> client (python-openstackclient with troveclient) against the
/// Kestrel-hosted API, as a user would with <c>--os-auth-type admin_token</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackCliTests(ApiHost host)
{
    private const string Project = "delta";
    private const string Token = "token-delta-cli-8910";

    [Fact]
    public async Task OpenStackCli_ListsFlavorsAndDatastores_AndCreatesShowsListsAndDeletesAnInstanceByName()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);

        var flavors = await cli.JsonAsync("database", "flavor", "list");
        var tiny = Assert.Single(flavors.EnumerateArray(), flavor => flavor.GetProperty("Name").GetString() == "m1.tiny");
        Assert.Equal("1", tiny.GetProperty("ID").ToString());
        Assert.Equal(512, tiny.GetProperty("RAM").GetInt32());

        var versions = await cli.JsonAsync("datastore", "version", "list", "mysql");
        Assert.Equal("10.11", Assert.Single(versions.EnumerateArray()).GetProperty("Name").GetString());
        var datastore = await cli.JsonAsync("datastore", "show", "mysql");
        Assert.Equal("mysql", datastore.GetProperty("name").GetString());

        var created = await cli.JsonAsync(
            "database", "instance", "create", "cli-db", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "shop", "--users", "carol:Cli-Secret-55");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("cli-db", created.GetProperty("name").GetString());

        using var client = host.Client(Project, Token);
        await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");

        var shown = await cli.JsonAsync("database", "instance", "show", "cli-db");
        Assert.Equal(id, shown.GetProperty("id").GetString());
        Assert.Equal("ACTIVE", shown.GetProperty("status").GetString());
        var listed = await cli.JsonAsync("database", "instance", "list");
        var row = Assert.Single(listed.EnumerateArray());
        Assert.Equal("cli-db", row.GetProperty("Name").GetString());
        Assert.Equal("mysql", row.GetProperty("Datastore").GetString());
        Assert.Equal("1", row.GetProperty("Flavor ID").ToString());

        await cli.RunAsync("database", "instance", "restart", "cli-db");
        await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");
        await cli.RunAsync("database", "instance", "delete", "cli-db");
        await ResourcePolling.WaitForGoneAsync(client, "instances", id);
    }
}
