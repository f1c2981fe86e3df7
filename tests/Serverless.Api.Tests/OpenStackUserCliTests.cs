using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MySqlConnector;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// Users, databases and root of a running instance through the real <c>openstack database …</c> client
/// (trove-clients.md §3), proven by logging in to the instance with the accounts created. The tests of this class
/// share one instance, created by the first that needs it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackUserCliTests(ApiHost host)
{
    private const string Project = "users";
    private const string Token = "token-users-cli-2468";
    private const string CarolPassword = "Carol-Pw.55@x";
    private const string CarolNewPassword = "Carol-Renewed#77";
    private const string RootPassword = "Root-Chosen!93";

    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static JsonElement? instance;

    [Fact]
    public async Task OpenStackCli_CreatesUsersAndDatabases_GrantsAndRevokesAccess_AndTheUsersCanLogIn()
    {
        var (cli, server) = await InstanceAsync();

        await cli.RunAsync("database", "db", "create", "users-db", "shop");
        await cli.RunAsync("database", "db", "create", "users-db", "eu_sales", "--character_set", "utf8mb4", "--collate", "utf8mb4_unicode_ci");
        var databases = Names(await cli.JsonAsync("database", "db", "list", "users-db"));
        Assert.Contains("shop", databases);
        Assert.Contains("eu_sales", databases);
        Assert.DoesNotContain("mysql", databases);
        Assert.DoesNotContain("information_schema", databases);

        await cli.RunAsync("database", "user", "create", "users-db", "carol", CarolPassword, "--databases", "shop");
        await cli.RunAsync("database", "user", "create", "users-db", "bob", "Bob-Pw-1234", "--host", "10.0.0.%");
        var users = await cli.JsonAsync("database", "user", "list", "users-db");
        var carol = Assert.Single(users.EnumerateArray(), row => row.GetProperty("Name").GetString() == "carol");
        Assert.Equal("%", carol.GetProperty("Host").GetString());
        Assert.Equal("shop", carol.GetProperty("Databases").GetString());
        var bob = Assert.Single(users.EnumerateArray(), row => row.GetProperty("Name").GetString() == "bob");
        Assert.Equal("10.0.0.%", bob.GetProperty("Host").GetString());
        Assert.DoesNotContain(users.EnumerateArray(), row => row.GetProperty("Name").GetString() is "admin" or "root");

        var shown = await cli.JsonAsync("database", "user", "show", "users-db", "bob", "--host", "10.0.0.%");
        Assert.Equal("bob", shown.GetProperty("name").GetString());
        Assert.Equal("10.0.0.%", shown.GetProperty("host").GetString());

        await using (var session = await LogInAsync(server, "carol", CarolPassword, "shop"))
        {
            await session.ExecuteAsync("CREATE TABLE orders (id INT PRIMARY KEY)");
            var denied = await Assert.ThrowsAsync<MySqlException>(() => session.ExecuteAsync("CREATE TABLE eu_sales.orders (id INT)"));
            Assert.Equal(MySqlErrorCode.TableAccessDenied, denied.ErrorCode);
        }

        await cli.RunAsync("database", "user", "grant", "access", "users-db", "carol", "eu_sales");
        Assert.Equal(["eu_sales", "shop"], Names(await cli.JsonAsync("database", "user", "show", "access", "users-db", "carol")));
        await cli.RunAsync("database", "user", "revoke", "access", "users-db", "carol", "shop");
        Assert.Equal(["eu_sales"], Names(await cli.JsonAsync("database", "user", "show", "access", "users-db", "carol")));

        await cli.RunAsync("database", "user", "update", "attributes", "users-db", "carol", "--new_password", CarolNewPassword);
        await using (var session = await LogInAsync(server, "carol", CarolNewPassword, "eu_sales"))
        {
            await session.ExecuteAsync("CREATE TABLE invoices (id INT PRIMARY KEY)");
            var denied = await Assert.ThrowsAsync<MySqlException>(() => session.ExecuteAsync("SELECT * FROM shop.orders"));
            Assert.Equal(MySqlErrorCode.TableAccessDenied, denied.ErrorCode);
        }

        await Assert.ThrowsAsync<MySqlException>(() => LogInAsync(server, "carol", CarolPassword, "eu_sales"));

        await cli.RunAsync("database", "user", "delete", "users-db", "bob", "--host", "10.0.0.%");
        await cli.RunAsync("database", "db", "delete", "users-db", "shop");
        Assert.DoesNotContain(
            (await cli.JsonAsync("database", "user", "list", "users-db")).EnumerateArray(), row => row.GetProperty("Name").GetString() == "bob");
        Assert.DoesNotContain("shop", Names(await cli.JsonAsync("database", "db", "list", "users-db")));

        // The passwords went to the server only: not to the host's logs, not to the catalog.
        Assert.DoesNotContain(host.Logs, line => line.Contains(CarolPassword, StringComparison.Ordinal) || line.Contains(CarolNewPassword, StringComparison.Ordinal));
        await AssertNotInCatalogAsync(CarolPassword, CarolNewPassword);
    }

    [Fact]
    public async Task OpenStackCli_EnablesRoot_ShowsItOnce_AndRootCanLogInWithEveryPrivilege()
    {
        var (cli, server) = await InstanceAsync();

        var generated = await cli.JsonAsync("database", "root", "enable", "users-db");
        Assert.Equal("root", generated.GetProperty("name").GetString());
        var password = generated.GetProperty("password").GetString()!;
        Assert.True(password.Length >= 16, "the generated root password is short");
        Assert.True((await cli.JsonAsync("database", "root", "show", "users-db")).GetProperty("is_root_enabled").GetBoolean());
        await using (var session = await LogInAsync(server, "root", password, null))
        {
            await session.ExecuteAsync("CREATE DATABASE IF NOT EXISTS made_by_root");
        }

        var chosen = await cli.JsonAsync("database", "root", "enable", "users-db", "--root_password", RootPassword);
        Assert.Equal(RootPassword, chosen.GetProperty("password").GetString());
        await using (var session = await LogInAsync(server, "root", RootPassword, "made_by_root"))
        {
            await session.ExecuteAsync("CREATE TABLE t (id INT)");
        }

        Assert.DoesNotContain("root", Names(await cli.JsonAsync("database", "user", "list", "users-db"), "Name"));
        Assert.DoesNotContain(host.Logs, line => line.Contains(password, StringComparison.Ordinal) || line.Contains(RootPassword, StringComparison.Ordinal));
        await AssertNotInCatalogAsync(password, RootPassword);

        using var client = host.Client(Project, Token);
        using (var disabled = await client.DeleteAsync($"instances/{Id}/root"))
        {
            Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        }

        Assert.False((await cli.JsonAsync("database", "root", "show", "users-db")).GetProperty("is_root_enabled").GetBoolean());
        using var again = await client.DeleteAsync($"instances/{Id}/root");
        Assert.Contains("never been enabled", await TroveResponse.FaultAsync(again, 404, "itemNotFound"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadUsersAndDatabases_AreRefusedWithTrovesErrors_AndTheClientSaysWhy()
    {
        var (cli, _) = await InstanceAsync();
        using var client = host.Client(Project, Token);

        var reserved = await cli.TryRunAsync("database", "user", "create", "users-db", "admin", "Whatever-123");
        Assert.NotEqual(0, reserved.ExitCode);
        Assert.Contains("reserved", reserved.Error + reserved.Output, StringComparison.Ordinal);

        await cli.RunAsync("database", "user", "create", "users-db", "dave", "Dave-Pw-5678");
        using (var duplicate = await client.PostAsync($"instances/{Id}/users", TroveResponse.Body("""{"users":[{"name":"dave","password":"x-Other-1","databases":[]}]}""")))
        {
            Assert.Contains("already exists", await TroveResponse.FaultAsync(duplicate, 400, "badRequest"), StringComparison.Ordinal);
        }

        using (var badName = await client.PostAsync($"instances/{Id}/users", TroveResponse.Body("""{"users":[{"name":"bad name;","password":"pw-12345"}]}""")))
        {
            Assert.Contains("invalid", await TroveResponse.FaultAsync(badName, 400, "badRequest"), StringComparison.Ordinal);
        }

        using (var noPassword = await client.PostAsync($"instances/{Id}/users", TroveResponse.Body("""{"users":[{"name":"erin"}]}""")))
        {
            await TroveResponse.FaultAsync(noPassword, 400, "badRequest");
        }

        using (var unknownDatabase = await client.PostAsync($"instances/{Id}/users", TroveResponse.Body("""{"users":[{"name":"erin","password":"Erin-Pw-1","databases":[{"name":"nowhere"}]}]}""")))
        {
            Assert.Contains("nowhere", await TroveResponse.FaultAsync(unknownDatabase, 404, "itemNotFound"), StringComparison.Ordinal);
        }

        using (var systemDatabase = await client.PostAsync($"instances/{Id}/databases", TroveResponse.Body("""{"databases":[{"name":"mysql"}]}""")))
        {
            Assert.Contains("reserved", await TroveResponse.FaultAsync(systemDatabase, 400, "badRequest"), StringComparison.Ordinal);
        }

        using (var badCharset = await client.PostAsync($"instances/{Id}/databases", TroveResponse.Body("""{"databases":[{"name":"odd","character_set":"klingon"}]}""")))
        {
            await TroveResponse.FaultAsync(badCharset, 400, "badRequest");
        }

        using (var unknownUser = await client.GetAsync($"instances/{Id}/users/nobody%4010.0.0.%25"))
        {
            Assert.Contains("nobody@10.0.0.%", await TroveResponse.FaultAsync(unknownUser, 404, "itemNotFound"), StringComparison.Ordinal);
        }

        using (var hiddenAdmin = await client.DeleteAsync($"instances/{Id}/users/admin"))
        {
            await TroveResponse.FaultAsync(hiddenAdmin, 404, "itemNotFound");
        }

        var missing = await cli.TryRunAsync("database", "db", "delete", "users-db", "never_made");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("never_made cannot be found", missing.Error + missing.Output, StringComparison.Ordinal);

        using (var unknownInstance = await client.GetAsync($"instances/{Guid.NewGuid()}/users"))
        {
            await TroveResponse.FaultAsync(unknownInstance, 404, "itemNotFound");
        }

        // Still the same users: nothing half-created by the refusals.
        var names = Names(await cli.JsonAsync("database", "user", "list", "users-db"), "Name");
        Assert.Contains("dave", names);
        Assert.DoesNotContain("erin", names);
        Assert.DoesNotContain("admin", names);
    }

    [Fact]
    public async Task OnAReplica_ChangesAreRefusedAsReadOnly_AndReadsStillWork()
    {
        var (cli, _) = await InstanceAsync();
        using var client = host.Client(Project, Token);
        var source = Guid.NewGuid().ToString("D");
        await SetReplicaOfAsync(source);
        try
        {
            var refused = await cli.TryRunAsync("database", "db", "create", "users-db", "on_replica");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("read-only replica", refused.Error + refused.Output, StringComparison.Ordinal);
            using (var user = await client.PostAsync($"instances/{Id}/users", TroveResponse.Body("""{"users":[{"name":"frank","password":"Frank-Pw-1"}]}""")))
            {
                Assert.Contains(source, await TroveResponse.FaultAsync(user, 409, "conflict"), StringComparison.Ordinal);
            }

            using (var root = await client.PostAsync($"instances/{Id}/root", null))
            {
                await TroveResponse.FaultAsync(root, 409, "conflict");
            }

            await cli.JsonAsync("database", "db", "list", "users-db");
            await cli.JsonAsync("database", "user", "list", "users-db");
        }
        finally
        {
            await SetReplicaOfAsync(null);
        }
    }

    private static string Id => instance!.Value.GetProperty("id").GetString()!;

    private static List<string> Names(JsonElement rows, string column = "Name") =>
        [.. rows.EnumerateArray().Select(row => row.GetProperty(column).GetString()!)];

    private static Task<MySqlConnection> LogInAsync(JsonElement server, string user, string password, string? database) =>
        SqlSession.OpenAsync(server.GetProperty("hostname").GetString()!, server.GetProperty("port").GetInt32(), user, password, database);

    private async Task<(OpenStackCli Cli, JsonElement Instance)> InstanceAsync()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);
        await Creating.WaitAsync();
        try
        {
            if (instance is null)
            {
                var created = await cli.JsonAsync(
                    "database", "instance", "create", "users-db", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql", "--datastore-version", "10.11");
                using var client = host.Client(Project, Token);
                instance = await ResourcePolling.WaitForStatusAsync(client, "instances", created.GetProperty("id").GetString()!, "ACTIVE");
            }
        }
        finally
        {
            Creating.Release();
        }

        return (cli, instance.Value);
    }

    /// <summary>Marks the instance as a replica in the catalog, as the replication orchestration records one.</summary>
    private async Task SetReplicaOfAsync(string? source)
    {
        var key = $"projects/{Project}/instances/{Id}";
        var stored = (await host.Catalog.GetAsync(key))!;
        var document = JsonNode.Parse(stored.Value.ToString())!.AsObject();
        document["instance"]!.AsObject()["replicaOf"] = source;
        await host.Catalog.ReplaceAsync(key, BinaryData.FromString(document.ToJsonString()), stored.ETag);
    }

    private async Task AssertNotInCatalogAsync(params string[] secrets)
    {
        await foreach (var key in host.Catalog.ListKeysAsync($"projects/{Project}/"))
        {
            var text = (await host.Catalog.GetAsync(key))?.Value.ToString() ?? "";
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
