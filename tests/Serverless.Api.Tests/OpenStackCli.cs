using System.Diagnostics;
using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// The real <c>openstack</c> client (python-openstackclient with troveclient) pointed at one project of the
/// Kestrel-hosted API, as a user would run it with <c>--os-auth-type admin_token</c>.
/// </summary>
internal sealed class OpenStackCli(ApiHost host, string project, string token)
{
    public const string Program = "/usr/bin/openstack";

    /// <summary>Runs the command, asserts that it succeeded and returns what it printed.</summary>
    public async Task<string> RunAsync(params string[] command)
    {
        var (exitCode, output, error) = await TryRunAsync(command);
        Assert.True(exitCode == 0, $"openstack {string.Join(' ', command)} exited {exitCode}: {error}{output}");
        return output;
    }

    /// <summary>Runs the command with <c>-f json</c> and parses what it printed.</summary>
    public async Task<JsonElement> JsonAsync(params string[] command) =>
        JsonDocument.Parse(await RunAsync([.. command, "-f", "json"])).RootElement.Clone();

    /// <summary>Runs the command, whatever its outcome.</summary>
    public async Task<(int ExitCode, string Output, string Error)> TryRunAsync(params string[] command)
    {
        Assert.True(File.Exists(Program), "python3-openstackclient is not installed");
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var argument in (string[])["--os-auth-type", "admin_token", "--os-token", token, "--os-endpoint", new Uri(host.BaseAddress, $"/v1.0/{project}").ToString(), .. command])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
