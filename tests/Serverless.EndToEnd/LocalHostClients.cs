using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// The real command-line clients pointed at a fixture's host: <c>openstack</c> with the API token, and the legacy
/// <c>trove</c>, which only does password authentication, through the host's identity stub. A failing command
/// prints the host's output before it throws.
/// </summary>
public sealed class LocalHostClients(LocalHostFixture fixture, ITestOutputHelper output)
{
    public Task<CommandResult> OpenStackAsync(params string[] arguments) =>
        RunAsync("openstack", ["--os-auth-type", "admin_token", "--os-endpoint", fixture.Host.Endpoint, "--os-token", fixture.Host.Token, .. arguments], null);

    public Task<CommandResult> TroveAsync(params string[] arguments) =>
        RunAsync("trove", arguments, TroveEnvironment());

    /// <summary>Runs the legacy CLI and returns its result whatever its exit code, for commands meant to fail.</summary>
    public Task<CommandResult> TroveFailingAsync(params string[] arguments) => CommandLine.RunAsync("trove", arguments, TroveEnvironment());

    private Dictionary<string, string> TroveEnvironment() =>
        new()
        {
            ["OS_AUTH_URL"] = fixture.Host.IdentityUrl,
            ["OS_USERNAME"] = fixture.Host.IdentityUser,
            ["OS_PASSWORD"] = fixture.Host.IdentityPassword,
            ["OS_PROJECT_NAME"] = fixture.Host.Project,
            ["OS_USER_DOMAIN_NAME"] = "Default",
            ["OS_PROJECT_DOMAIN_NAME"] = "Default",
        };

    /// <summary>The object a <c>-f json</c> show or create printed.</summary>
    public static Dictionary<string, JsonElement> Json(CommandResult result) =>
        JsonDocument.Parse(result.StandardOutput).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    /// <summary>A value of the legacy CLI's two-column "Property | Value" table.</summary>
    public static string Property(string table, string name) =>
        table.Split('\n')
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .First(cells => cells.Length >= 3 && cells[1] == name)[2];

    /// <summary>Probes until <paramref name="ready"/> holds, or throws with the last value seen.</summary>
    public static async Task<T> WaitUntilAsync<T>(Func<Task<T>> probe, TimeSpan timeout, Func<T, bool> ready)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (ready(value))
            {
                return value;
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Not ready within {timeout.TotalSeconds:0} s; last seen: {value}");
            }

            await Task.Delay(300);
        }
    }

    private async Task<CommandResult> RunAsync(string program, string[] arguments, Dictionary<string, string>? environment)
    {
        var result = await CommandLine.RunAsync(program, arguments, environment);
        if (result.ExitCode != 0)
        {
            output.WriteLine(fixture.Host.Output);
        }

        return result.EnsureSuccess();
    }
}
