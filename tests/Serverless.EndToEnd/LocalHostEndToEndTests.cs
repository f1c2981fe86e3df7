using System.Diagnostics;
using System.Text.Json;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// The local host as users meet it: started as its own process, driven over HTTP by the real OpenStack clients,
/// its instances reached with the mariadb client and with ours, and killed in the middle of a create.
/// </summary>
public sealed partial class LocalHostEndToEndTests(LocalHostFixture fixture, ITestOutputHelper output) : IClassFixture<LocalHostFixture>
{
    private readonly LocalHostClients _clients = new(fixture, output);

    private const string AppUser = "app";
    private const string AppPassword = "Secr3t-pw";
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ATokenStartingWithADash_WrittenByAnEarlierVersion_IsReplacedAtTheNextStart_SoTheClientsAcceptIt()
    {
        // URL-safe base64 tokens of earlier versions could start with '-', which openstack reads as an option.
        var tokenFile = Path.Combine(fixture.StateDirectory, "host-secrets", "api-token-local.secret");
        var planted = "-" + new string('a', 42);
        await File.WriteAllTextAsync(tokenFile, planted + "\n");
        await fixture.RestartAsync();

        Assert.False(fixture.Host.Token.StartsWith('-'));
        Assert.Equal(fixture.Host.Token, (await File.ReadAllTextAsync(tokenFile)).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        await _clients.OpenStackAsync("database", "instance", "list", "-f", "json");
    }

    [Fact]
    public void TheHostsConsoleOutput_NamesTheTokenFile_ButNeverShowsTheToken()
    {
        // The banner is what an operator sees and what a service manager writes to its journal: the token stays in its file.
        Assert.Contains("api-token-local.secret", fixture.Host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Host.Token, fixture.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenStackClient_CreatesListsShowsConnectsAndDeletes_AnInstance()
    {
        var stopwatch = Stopwatch.StartNew();
        var created = await _clients.OpenStackAsync("database", "instance", "create", "e2e1", "--flavor", "m1.tiny", "--size", "1",
            "--datastore", "mysql", "--datastore-version", "10.11", "--databases", "appdb", "--users", $"{AppUser}:{AppPassword}", "-f", "json");
        output.WriteLine(created.StandardOutput);
        Assert.Equal("BUILD", LocalHostClients.Json(created)["status"].GetString());

        var shown = await WaitUntilAsync(async () => LocalHostClients.Json(await _clients.OpenStackAsync("database", "instance", "show", "e2e1", "-f", "json")), ActiveTimeout);
        output.WriteLine($"ACTIVE after {stopwatch.Elapsed.TotalSeconds:0.0} s");

        var list = await _clients.OpenStackAsync("database", "instance", "list", "-f", "json");
        output.WriteLine(list.StandardOutput);
        var listed = Assert.Single(JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray(), i => i.GetProperty("Name").GetString() == "e2e1");
        Assert.Equal("ACTIVE", listed.GetProperty("Status").GetString());

        await AssertAppCanConnectAsync(shown["hostname"].GetString()!, shown["port"].GetInt32());

        await _clients.OpenStackAsync("database", "instance", "delete", "e2e1");
        await WaitForNoInstanceAsync("e2e1");
        Assert.DoesNotContain("e2e1", (await _clients.OpenStackAsync("database", "instance", "list", "-f", "value", "-c", "Name")).StandardOutput, StringComparison.Ordinal);
        output.WriteLine($"Done after {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task LegacyTroveClient_AuthenticatesThroughTheIdentityStub_AndCreatesListsShowsDeletes()
    {
        var stopwatch = Stopwatch.StartNew();
        var created = await _clients.TroveAsync("create", "e2e2", "m1.tiny", "--size", "1", "--datastore", "mysql", "--datastore_version", "10.11",
            "--databases", "appdb", "--users", $"{AppUser}:{AppPassword}");
        output.WriteLine(created.StandardOutput);
        Assert.Contains("BUILD", created.StandardOutput, StringComparison.Ordinal);

        var (host, port) = await LocalHostClients.WaitUntilAsync(async () =>
        {
            var shown = (await _clients.TroveAsync("show", "e2e2")).StandardOutput;
            return shown.Contains("ACTIVE", StringComparison.Ordinal) ? (LocalHostClients.Property(shown, "hostname"), int.Parse(LocalHostClients.Property(shown, "port"), System.Globalization.CultureInfo.InvariantCulture)) : default;
        }, ActiveTimeout, ready: r => r.Item1 is not null);
        output.WriteLine($"ACTIVE after {stopwatch.Elapsed.TotalSeconds:0.0} s on {host}:{port}");

        var list = await _clients.TroveAsync("list");
        output.WriteLine(list.StandardOutput);
        Assert.Contains("e2e2", list.StandardOutput, StringComparison.Ordinal);

        await AssertAppCanConnectAsync(host, port);

        await _clients.TroveAsync("delete", "e2e2");
        await WaitForNoInstanceAsync("e2e2");
        Assert.DoesNotContain("e2e2", (await _clients.TroveAsync("list")).StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledInTheMiddleOfACreate_TheRestartedHost_FinishesItExactlyOnce()
    {
        var stopwatch = Stopwatch.StartNew();
        // Over HTTP rather than the openstack client, whose own start-up and follow-up GET could outlast the create.
        using var api = fixture.Api();
        using var response = await api.PostAsync("instances", new StringContent(
            $$$"""
            {"instance": {"name": "e2e3", "flavorRef": "1", "volume": {"size": 1}, "datastore": {"type": "mysql", "version": "10.11"},
              "databases": [{"name": "appdb"}], "users": [{"name": "{{{AppUser}}}", "password": "{{{AppPassword}}}", "databases": [{"name": "appdb"}]}]}}
            """,
            System.Text.Encoding.UTF8,
            "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var createdBody = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var created = createdBody.RootElement.GetProperty("instance");
        var instanceId = created.GetProperty("id").GetString()!;
        var operationId = created.GetProperty("operation_id").GetString()!;

        // Kill as soon as the operation shows that a step runs: the create is under way, not finished.
        var step = (await fixture.WaitForRunningStepAsync(operationId, (step, _) => step.Length > 0, ActiveTimeout)).GetProperty("current_step").GetString();
        await fixture.Host.KillAsync();
        output.WriteLine($"Killed the host during step '{step}' after {stopwatch.Elapsed.TotalSeconds:0.0} s");

        await fixture.RestartAsync();
        output.WriteLine($"Restarted after {stopwatch.Elapsed.TotalSeconds:0.0} s");
        var shown = await WaitUntilAsync(async () => LocalHostClients.Json(await _clients.OpenStackAsync("database", "instance", "show", "e2e3", "-f", "json")), ActiveTimeout);
        output.WriteLine($"ACTIVE after {stopwatch.Elapsed.TotalSeconds:0.0} s");

        // Exactly once: one catalog entry, one server directory, one mariadbd serving it. Other tests of this class share
        // the host and may leave their instances until the fixture ends: a server that is none of theirs must be this one.
        var listed = await fixture.ListInstancesAsync();
        Assert.Single(listed, i => i.GetProperty("name").GetString() == "e2e3");
        var others = listed.Select(i => i.GetProperty("id").GetString()!).Where(id => id != instanceId).ToHashSet(StringComparer.Ordinal);
        var servers = Path.Combine(fixture.StateDirectory, "platform", "servers");
        Assert.Equal([instanceId], Directory.EnumerateDirectories(servers).Select(Path.GetFileName).Where(id => !others.Contains(id!)));
        var mariadbds = StateDirectoryProcesses.Find(fixture.StateDirectory)
            .Where(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal) && !others.Any(o => p.CommandLine.Contains(o, StringComparison.Ordinal)))
            .ToList();
        Assert.Single(mariadbds, p => p.CommandLine.Contains(instanceId, StringComparison.Ordinal));
        Assert.Single(mariadbds);
        Assert.Equal(instanceId, shown["id"].GetString());

        await AssertAppCanConnectAsync(shown["hostname"].GetString()!, shown["port"].GetInt32());

        await _clients.OpenStackAsync("database", "instance", "delete", "e2e3");
        await WaitForNoInstanceAsync("e2e3");
        Assert.DoesNotContain(StateDirectoryProcesses.Find(fixture.StateDirectory), p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal) && p.CommandLine.Contains(instanceId, StringComparison.Ordinal));
    }

    private async Task AssertAppCanConnectAsync(string host, int port)
    {
        var cli = await CommandLine.RunAsync("mariadb",
            ["-h", host, "-P", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", AppUser, "appdb", "-N", "-B", "-e", "SELECT CURRENT_USER(), DATABASE()"],
            new Dictionary<string, string> { ["MYSQL_PWD"] = AppPassword });
        output.WriteLine($"mariadb: {cli.EnsureSuccess().StandardOutput.Trim()}");
        Assert.Equal($"{AppUser}@%\tappdb", cli.StandardOutput.Trim());

        await using var connection = await SqlSession.OpenAsync(host, port, AppUser, AppPassword, "appdb");
        await connection.ExecuteAsync("CREATE TABLE greeting (id INT PRIMARY KEY, text VARCHAR(40))");
        await connection.ExecuteAsync("INSERT INTO greeting VALUES (1, 'hello over MySqlConnector')");
        Assert.Equal("hello over MySqlConnector", await connection.ExecuteScalarAsync("SELECT text FROM greeting WHERE id = 1"));
    }

    private async Task WaitForNoInstanceAsync(string name) =>
        await LocalHostClients.WaitUntilAsync(async () => (await fixture.ListInstancesAsync()).All(i => i.GetProperty("name").GetString() != name), TimeSpan.FromSeconds(60), ready: gone => gone);

    private static async Task<Dictionary<string, JsonElement>> WaitUntilAsync(Func<Task<Dictionary<string, JsonElement>>> show, TimeSpan timeout)
    {
        var last = await LocalHostClients.WaitUntilAsync(show, timeout, ready: s => s["status"].GetString() is "ACTIVE" or "ERROR");
        Assert.Equal("ACTIVE", last["status"].GetString());
        return last;
    }
}
