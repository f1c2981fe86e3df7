using System.Net;
using System.Net.Sockets;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class ErrorTests(ApiHost host)
{
    [Fact]
    public async Task WrongToken_Exits5_WithOneLineAndNoToken()
    {
        const string wrong = "wrong-token-5531";
        host.AddProject(CliRun.Project, CliRun.Token);

        var run = await CliRun.RunAsync(["--endpoint", CliRun.Endpoint(host), "--token", wrong, "list"]);

        Assert.True(run.ExitCode == 5, run.ToString());
        AssertOneErrorLine(run);
        Assert.DoesNotContain(wrong, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEndpoint_Exits6_NamingTheEndpoint()
    {
        // A port that was just free: nothing listens on it.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var run = await CliRun.RunAsync(["--endpoint", $"http://127.0.0.1:{port}/v1.0/cli", "--token", "secret-token-1", "flavor-list"]);

        Assert.True(run.ExitCode == 6, run.ToString());
        AssertOneErrorLine(run);
        Assert.Contains($"127.0.0.1:{port}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-1", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("create", "db1", "--flavor", "1")]
    [InlineData("create", "db1", "--flavor", "1", "--size", "many")]
    [InlineData("show")]
    [InlineData("backup-create", "nightly")]
    [InlineData("backup-show")]
    public async Task BadCommandLine_Exits2_WithOneLine(params string[] args)
    {
        var run = await CliRun.AgainstAsync(host, args);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertOneErrorLine(run);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task MissingEndpoint_Exits2_AndSaysHowToSetIt()
    {
        var run = await CliRun.RunAsync(["list"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertOneErrorLine(run);
        Assert.Contains("DBAAS_ENDPOINT", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointAndToken_ComeFromTheEnvironment_WhenNotPassed()
    {
        host.AddProject(CliRun.Project, CliRun.Token);
        var environment = new Dictionary<string, string> { ["DBAAS_ENDPOINT"] = CliRun.Endpoint(host), ["DBAAS_TOKEN"] = CliRun.Token };

        var run = await CliRun.RunAsync(["flavor-list"], name => environment.GetValueOrDefault(name));

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task UnknownFlavor_Exits3_AndPointsToFlavorList()
    {
        var run = await CliRun.AgainstAsync(host, "create", "never-made", "--flavor", "no-such-flavor", "--size", "1");

        Assert.True(run.ExitCode == 3, run.ToString());
        AssertOneErrorLine(run);
        Assert.Contains("flavor-list", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bob:")]
    [InlineData("bob:Hidden-Pass-1@")]
    [InlineData(":Hidden-Pass-1")]
    public async Task MalformedUser_Exits2_WithoutEchoingThePassword(string user)
    {
        var run = await CliRun.AgainstAsync(host, "create", "never-made", "--flavor", "1", "--size", "1", "--user", user);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertOneErrorLine(run);
        Assert.DoesNotContain("Hidden-Pass-1", run.Out + run.Error, StringComparison.Ordinal);
    }

    internal static void AssertOneErrorLine(CliRun run)
    {
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dbaas: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }
}
