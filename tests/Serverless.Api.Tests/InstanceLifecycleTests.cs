using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class InstanceLifecycleTests(ApiHost host)
{
    private const string Password = "Lifecycle-Secret-71x";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly List<string> _bodies = [];

    [Fact]
    public async Task Create_Show_Active_List_Restart_Delete_AsTheClientsDriveIt_InOneProjectOnly()
    {
        using var alpha = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        using var beta = host.Client(ApiHost.Beta, ApiHost.BetaToken);

        // Create: 200 with a complete detail view, as openstack's create prints it before its follow-up GET.
        var created = (await JsonAsync(await alpha.PostAsync("instances", TroveResponse.Body(CreateBody("orders-db"))), 200)).GetProperty("instance");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("orders-db", created.GetProperty("name").GetString());
        Assert.Equal("BUILD", created.GetProperty("status").GetString());
        Assert.Equal("1", created.GetProperty("flavor").GetProperty("id").GetString());
        Assert.Equal("mysql", created.GetProperty("datastore").GetProperty("type").GetString());
        Assert.Equal("10.11", created.GetProperty("datastore").GetProperty("version").GetString());
        Assert.Equal(1, created.GetProperty("volume").GetProperty("size").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", created.GetProperty("created").GetString());
        Assert.EndsWith($"/v1.0/alpha/instances/{id}", created.GetProperty("links")[0].GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.False(created.GetProperty("access").GetProperty("is_public").GetBoolean());
        var createOperation = created.GetProperty("operation_id").GetString()!;

        // The clients GET the new id right away; it must answer 200.
        var shown = (await JsonAsync(await alpha.GetAsync($"instances/{id}"), 200)).GetProperty("instance");
        Assert.Equal(id, shown.GetProperty("id").GetString());

        var duplicate = await TroveResponse.FaultAsync(await alpha.PostAsync("instances", TroveResponse.Body(CreateBody("orders-db"))), 409, "conflict");
        Assert.Contains("orders-db", duplicate, StringComparison.Ordinal);

        // Another project sees nothing of it, and may reuse the name (names are unique per project).
        await TroveResponse.FaultAsync(await beta.GetAsync($"instances/{id}"), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await beta.DeleteAsync($"instances/{id}"), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await beta.PostAsync($"instances/{id}/action", TroveResponse.Body("""{"restart": {}}""")), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await beta.GetAsync($"operations/{createOperation}"), 404, "itemNotFound");
        Assert.DoesNotContain(id, (await JsonAsync(await beta.GetAsync("instances"), 200)).GetRawText(), StringComparison.Ordinal);

        var operation = (await JsonAsync(await alpha.GetAsync($"operations/{createOperation}"), 200)).GetProperty("operation");
        Assert.Equal(id, operation.GetProperty("instance_id").GetString());
        Assert.Equal("create", operation.GetProperty("kind").GetString());
        Assert.InRange(operation.GetProperty("progress").GetInt32(), 0, 100);

        var active = await WaitForStatusAsync(alpha, id, "ACTIVE");
        var host_ = active.GetProperty("hostname").GetString()!;
        var port = active.GetProperty("port").GetInt32();
        Assert.Equal([host_], active.GetProperty("ip").EnumerateArray().Select(ip => ip.GetString()!).ToArray());
        Assert.Equal(host_, active.GetProperty("addresses")[0].GetProperty("address").GetString());
        Assert.InRange(port, 1, 65535);
        Assert.Equal("HEALTHY", active.GetProperty("operating_status").GetString());
        // The instance shows ACTIVE one step before its operation records the end.
        var finished = await ResourcePolling.WaitForStatusAsync(alpha, "operations", createOperation, "COMPLETED");
        Assert.Equal(100, finished.GetProperty("progress").GetInt32());
        Assert.False(string.IsNullOrEmpty(finished.GetProperty("current_step").GetString()));

        // The list carries everything the list commands print, so the clients make no GET per item.
        var listed = Assert.Single(
            (await JsonAsync(await alpha.GetAsync("instances?include_clustered=False"), 200)).GetProperty("instances").EnumerateArray(),
            item => item.GetProperty("id").GetString() == id);
        Assert.Equal("orders-db", listed.GetProperty("name").GetString());
        Assert.Equal("ACTIVE", listed.GetProperty("status").GetString());
        Assert.Equal("1", listed.GetProperty("flavor").GetProperty("id").GetString());
        Assert.Equal("mysql", listed.GetProperty("datastore").GetProperty("type").GetString());
        Assert.Equal(1, listed.GetProperty("volume").GetProperty("size").GetInt32());

        using var restart = await alpha.PostAsync($"instances/{id}/action", TroveResponse.Body("""{"restart": {}}"""));
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Empty(await restart.Content.ReadAsStringAsync());
        var restarting = (await JsonAsync(await alpha.GetAsync($"instances/{id}"), 200)).GetProperty("instance");
        var restartOperation = restarting.GetProperty("operation_id").GetString()!;
        Assert.NotEqual(createOperation, restartOperation);
        Assert.Equal("restart", (await JsonAsync(await alpha.GetAsync($"operations/{restartOperation}"), 200)).GetProperty("operation").GetProperty("kind").GetString());
        await WaitForStatusAsync(alpha, id, "ACTIVE");

        using var delete = await alpha.DeleteAsync($"instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Empty(await delete.Content.ReadAsStringAsync());
        await ResourcePolling.WaitForGoneAsync(alpha, "instances", id);

        Assert.All(_bodies, body => Assert.DoesNotContain(Password, body, StringComparison.Ordinal));
        Assert.All(host.Logs, line => Assert.DoesNotContain(Password, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_PagesWithLimitAndMarker_AndLinksTheNextPage()
    {
        using var client = host.Client(ApiHost.Beta, ApiHost.BetaToken);
        var first = (await JsonAsync(await client.PostAsync("instances", TroveResponse.Body(CreateBody("page-a"))), 200)).GetProperty("instance").GetProperty("id").GetString()!;
        var second = (await JsonAsync(await client.PostAsync("instances", TroveResponse.Body(CreateBody("page-b", flavorRef: "\"http://h/v1.0/beta/flavors/1\""))), 200)).GetProperty("instance").GetProperty("id").GetString()!;

        var page1 = await JsonAsync(await client.GetAsync("instances?limit=1"), 200);
        Assert.Equal(first, Assert.Single(page1.GetProperty("instances").EnumerateArray()).GetProperty("id").GetString());
        var next = Assert.Single(page1.GetProperty("links").EnumerateArray());
        Assert.Equal("next", next.GetProperty("rel").GetString());
        Assert.Contains($"marker={first}", next.GetProperty("href").GetString(), StringComparison.Ordinal);

        var page2 = await JsonAsync(await client.GetAsync($"instances?limit=1&marker={first}"), 200);
        Assert.Equal(second, Assert.Single(page2.GetProperty("instances").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(page2.TryGetProperty("links", out _));

        foreach (var id in new[] { first, second })
        {
            await WaitForStatusAsync(client, id, "ACTIVE");
            using var delete = await client.DeleteAsync($"instances/{id}");
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        foreach (var id in new[] { first, second })
        {
            await ResourcePolling.WaitForGoneAsync(client, "instances", id);
        }
    }

    private static string CreateBody(string name, string flavorRef = "1") => $$$"""
        {"instance": {"name": "{{{name}}}", "flavorRef": {{{flavorRef}}}, "volume": {"size": 1, "type": null},
          "databases": [{"name": "orders"}],
          "users": [{"name": "alice", "password": "{{{Password}}}", "databases": [{"name": "orders"}]}],
          "availability_zone": "az1", "datastore": {"type": "mysql", "version": "10.11"},
          "nics": [{"network_id": "NET1"}], "access": {"is_public": false} } }
        """;

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status)
    {
        using (response)
        {
            var body = await TroveResponse.JsonAsync(response, status);
            _bodies.Add(body.GetRawText());
            return body;
        }
    }

    private async Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var instance = (await JsonAsync(await client.GetAsync($"instances/{id}"), 200)).GetProperty("instance");
            var current = instance.GetProperty("status").GetString();
            if (current == status)
            {
                return instance;
            }

            Assert.True(current != "ERROR", $"instance {id} failed: {instance.GetRawText()}");
            Assert.True(clock.Elapsed < Patience, $"instance {id} still {current} after {clock.Elapsed}");
            await Task.Delay(250);
        }
    }
}
