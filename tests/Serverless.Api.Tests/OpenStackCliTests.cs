using System.Diagnostics;
using System.Net;
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
    private const string Cli = "/usr/bin/openstack";

    [Fact]
    public async Task OpenStackCli_ListsFlavorsAndDatastores_AndCreatesShowsListsAndDeletesAnInstanceByName()
    {
        Assert.True(File.Exists(Cli), "python3-openstackclient is not installed");
        host.AddProject(Project, Token);

        var flavors = JsonDocument.Parse(await RunAsync("database", "flavor", "list", "-f", "json")).RootElement;
        var tiny = Assert.Single(flavors.EnumerateArray(), flavor => flavor.GetProperty("Name").GetString() == "m1.tiny");
        Assert.Equal("1", tiny.GetProperty("ID").ToString());
        Assert.Equal(512, tiny.GetProperty("RAM").GetInt32());

        var versions = JsonDocument.Parse(await RunAsync("datastore", "version", "list", "mysql", "-f", "json")).RootElement;
        Assert.Equal("10.11", Assert.Single(versions.EnumerateArray()).GetProperty("Name").GetString());
        var datastore = JsonDocument.Parse(await RunAsync("datastore", "show", "mysql", "-f", "json")).RootElement;
        Assert.Equal("mysql", datastore.GetProperty("name").GetString());

        var created = JsonDocument.Parse(await RunAsync(
            "database", "instance", "create", "cli-db", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "shop", "--users", "carol:Cli-Secret-55", "-f", "json")).RootElement;
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("cli-db", created.GetProperty("name").GetString());

        using var client = host.Client(Project, Token);
        await WaitAsync(client, id, response => response.StatusCode == HttpStatusCode.OK && ReadStatus(response) == "ACTIVE");

        var shown = JsonDocument.Parse(await RunAsync("database", "instance", "show", "cli-db", "-f", "json")).RootElement;
        Assert.Equal(id, shown.GetProperty("id").GetString());
        Assert.Equal("ACTIVE", shown.GetProperty("status").GetString());
        var listed = JsonDocument.Parse(await RunAsync("database", "instance", "list", "-f", "json")).RootElement;
        var row = Assert.Single(listed.EnumerateArray());
        Assert.Equal("cli-db", row.GetProperty("Name").GetString());
        Assert.Equal("mysql", row.GetProperty("Datastore").GetString());
        Assert.Equal("1", row.GetProperty("Flavor ID").ToString());

        await RunAsync("database", "instance", "restart", "cli-db");
        await WaitAsync(client, id, response => response.StatusCode == HttpStatusCode.OK && ReadStatus(response) == "ACTIVE");
        await RunAsync("database", "instance", "delete", "cli-db");
        await WaitAsync(client, id, response => response.StatusCode == HttpStatusCode.NotFound);
    }

    private async Task<string> RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(Cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var argument in (string[])["--os-auth-type", "admin_token", "--os-token", Token, "--os-endpoint", new Uri(host.BaseAddress, $"/v1.0/{Project}").ToString(), .. command])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"openstack {string.Join(' ', command)} exited {process.ExitCode}: {await error}{await output}");
        return await output;
    }

    private static string? ReadStatus(HttpResponseMessage response) =>
        JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.GetProperty("instance").GetProperty("status").GetString();

    private static async Task WaitAsync(HttpClient client, string id, Func<HttpResponseMessage, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync($"instances/{id}");
            if (done(response))
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"instance {id} did not get there in time: {(int)response.StatusCode}");
            await Task.Delay(250);
        }
    }
}
