using System.Globalization;
using System.Text.Json;
using MySqlConnector;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class UserCommandTests(ApiHost host)
{
    private const string Password = "Cli-User-Pass-31";

    [Fact]
    public async Task UsersDatabasesAndRoot_AsAUserDrivesTheCli_AndTheAccountsWork()
    {
        var instance = await RunAsync("create", "cli-users", "--flavor", "1", "--size", "1", "--wait");
        Assert.True(instance.ExitCode == 0, instance.ToString());

        Assert.Equal(0, (await RunAsync("db-create", "cli-users", "shop", "--character-set", "utf8mb4")).ExitCode);
        Assert.Equal(0, (await RunAsync("db-create", "cli-users", "stock")).ExitCode);
        var databases = await RunAsync("db-list", "cli-users");
        Assert.Matches(@"(?m)^shop\s*$", databases.Out);
        Assert.DoesNotMatch(@"(?m)^mysql\s*$", databases.Out);

        var created = await RunAsync("user-create", "cli-users", "erin", Password, "--host", "127.0.0.%", "--databases", "shop");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.DoesNotContain(Password, created.Out + created.Error, StringComparison.Ordinal);
        var users = await RunAsync("user-list", "cli-users");
        Assert.Matches(@"(?m)^erin\s+127\.0\.0\.%\s+shop\s*$", users.Out);

        Assert.Equal(0, (await RunAsync("user-grant-access", "cli-users", "erin", "stock", "--host", "127.0.0.%")).ExitCode);
        var access = await RunAsync("user-show-access", "cli-users", "erin", "--host", "127.0.0.%", "--json");
        using (var document = JsonDocument.Parse(access.Out))
        {
            Assert.Equal(["shop", "stock"], document.RootElement.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        }

        await using (var erin = await OpenAsync(instance, "erin", Password, "stock"))
        {
            await erin.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY)");
        }

        Assert.Equal(0, (await RunAsync("user-revoke-access", "cli-users", "erin", "stock", "--host", "127.0.0.%")).ExitCode);
        var shown = await RunAsync("user-show", "cli-users", "erin", "--host", "127.0.0.%");
        Assert.Equal("shop", shown.Field("databases"));

        var root = await RunAsync("root-enable", "cli-users");
        Assert.True(root.ExitCode == 0, root.ToString());
        await using (var session = await OpenAsync(instance, "root", root.Field("password"), null))
        {
            Assert.Equal(1L, await session.ExecuteScalarAsync("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'stock'"));
        }

        Assert.Equal("True", (await RunAsync("root-show", "cli-users")).Field("is_root_enabled"));

        var missing = await RunAsync("user-delete", "cli-users", "nobody");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.StartsWith("dbaas: User nobody@% cannot be found", missing.Error, StringComparison.Ordinal);
        var reserved = await RunAsync("user-create", "cli-users", "root", "Whatever-1");
        Assert.NotEqual(0, reserved.ExitCode);
        Assert.Contains("reserved", reserved.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("user-delete", "cli-users", "erin", "--host", "127.0.0.%")).ExitCode);
        Assert.Equal(0, (await RunAsync("db-delete", "cli-users", "stock")).ExitCode);
        Assert.DoesNotMatch(@"(?m)^stock\s*$", (await RunAsync("db-list", "cli-users")).Out);
        Assert.DoesNotContain("erin", (await RunAsync("user-list", "cli-users")).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("delete", "cli-users", "--wait")).ExitCode);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.AgainstAsync(host, args);

    private static Task<MySqlConnection> OpenAsync(CliRun instance, string user, string password, string? database) => SqlSession.OpenAsync(
        instance.Field("hostname"), int.Parse(instance.Field("port"), CultureInfo.InvariantCulture), user, password, database);
}
