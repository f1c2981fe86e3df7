using System.Reflection;
using System.Text.Json;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// Users and databases of an instance on the local host, through <c>dbaas</c> run by name after the README's
/// install (scripts/install-cli.sh into a directory of the test's own, put on PATH) and through the legacy
/// <c>trove</c> client.
/// </summary>
public sealed class UserEndToEndTests(LocalHostFixture fixture, ITestOutputHelper output) : IClassFixture<LocalHostFixture>, IDisposable
{
    private const string TomPassword = "Tom-Legacy-Pw-42";

    private static readonly string RepositoryRoot = typeof(UserEndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private readonly LocalHostClients _clients = new(fixture, output);
    private readonly string _installRoot = Path.Combine(Path.GetTempPath(), "serverless-dbaas-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Dbaas_RunsByNameAfterTheInstall_AndTroveAndDbaasManageUsersAndDatabases()
    {
        var install = await CommandLine.RunAsync(
            Path.Combine(RepositoryRoot, "scripts", "install-cli.sh"),
            [],
            new Dictionary<string, string>
            {
                ["DBAAS_BIN_DIR"] = Path.Combine(_installRoot, "bin"),
                ["DBAAS_COMPLETION_DIR"] = Path.Combine(_installRoot, "completion"),
            },
            TimeSpan.FromMinutes(5));
        output.WriteLine(install.EnsureSuccess().StandardOutput);

        var created = await DbaasAsync("create", "e2e-users", "--flavor", "m1.tiny", "--size", "1", "--wait", "--json");
        var instance = JsonDocument.Parse(created.StandardOutput).RootElement;
        Assert.Equal("ACTIVE", instance.GetProperty("status").GetString());

        await _clients.TroveAsync("database-create", "e2e-users", "shop");
        await _clients.TroveAsync("user-create", "e2e-users", "tom", TomPassword, "--databases", "shop");
        var troveUsers = (await _clients.TroveAsync("user-list", "e2e-users")).StandardOutput;
        output.WriteLine(troveUsers);
        // troveclient 8.0.0 prints each cell as Python bytes (b'tom').
        Assert.Matches(@"\|\s*b'tom'\s*\|\s*b'%'\s*\|\s*b'shop'\s*\|", troveUsers);
        Assert.Contains("shop", (await _clients.TroveAsync("database-list", "e2e-users")).StandardOutput, StringComparison.Ordinal);
        Assert.Contains("shop", (await _clients.TroveAsync("user-show-access", "e2e-users", "tom")).StandardOutput, StringComparison.Ordinal);

        var dbaasUsers = (await DbaasAsync("user-list", "e2e-users")).StandardOutput;
        Assert.Matches(@"(?m)^tom\s+%\s+shop\s*$", dbaasUsers);
        await using (var tom = await SqlSession.OpenAsync(instance.GetProperty("hostname").GetString()!, instance.GetProperty("port").GetInt32(), "tom", TomPassword, "shop"))
        {
            await tom.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        }

        await DbaasAsync("user-delete", "e2e-users", "tom");
        Assert.DoesNotContain("tom", (await _clients.TroveAsync("user-list", "e2e-users")).StandardOutput, StringComparison.Ordinal);
        Assert.Contains("False", (await _clients.TroveAsync("root-show", "e2e-users")).StandardOutput, StringComparison.Ordinal);
        await DbaasAsync("delete", "e2e-users", "--wait");
    }

    public void Dispose()
    {
        if (Directory.Exists(_installRoot))
        {
            Directory.Delete(_installRoot, recursive: true);
        }
    }

    // Through a shell, so that "dbaas" is found by name on the PATH the install wrote to, as a user types it.
    private async Task<CommandResult> DbaasAsync(params string[] arguments)
    {
        var result = await CommandLine.RunAsync(
            "/bin/sh",
            ["-c", "dbaas \"$@\"", "dbaas", .. arguments],
            new Dictionary<string, string>
            {
                ["PATH"] = $"{Path.Combine(_installRoot, "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
                ["DBAAS_ENDPOINT"] = fixture.Host.Endpoint,
                ["DBAAS_TOKEN"] = fixture.Host.Token,
            },
            TimeSpan.FromMinutes(3));
        output.WriteLine($"dbaas {string.Join(' ', arguments)} → {result.ExitCode}");
        return result.EnsureSuccess();
    }
}
