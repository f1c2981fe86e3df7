using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace Serverless.EndToEnd;

/// <summary>
/// One local host per test class, over a fresh state directory and a free port. Disposing deletes every instance
/// through the API, stops the host with SIGTERM and then checks that no process of the state directory is left
/// (killing and reporting any that is, as a last resort) before deleting the directory.
/// </summary>
public class LocalHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(60);

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "serverless-e2e", Guid.NewGuid().ToString("N")[..12]);

    public int Port { get; } = FreePort();

    public LocalHostProcess Host { get; private set; } = null!;

    /// <summary>Processes of the state directory still alive after the final stop (killed then); empty when the stop was clean.</summary>
    public IReadOnlyList<(int ProcessId, string CommandLine)> Leftovers { get; private set; } = [];

    /// <summary>Gets the environment the host runs with besides the test process's own.</summary>
    protected virtual IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    /// <summary>The built local host these tests run (the project's <c>LocalHostDll</c> metadata).</summary>
    public static string LocalHostDll { get; } = LocalHostProcess.DllPathOf(typeof(LocalHostFixture).Assembly);

    public async Task InitializeAsync() => Host = await LocalHostProcess.StartAsync(LocalHostDll, StateDirectory, Port, Environment, CancellationToken.None);

    /// <summary>Starts the host again on the same state directory and port, after it stopped or was killed.</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        Host = await LocalHostProcess.StartAsync(LocalHostDll, StateDirectory, Port, Environment, CancellationToken.None);
    }

    public HttpClient Api() => Host.Api();

    /// <summary>GETs <paramref name="path"/> from the API and returns the object under <paramref name="key"/>.</summary>
    public async Task<JsonElement> GetAsync(string path, string key)
    {
        using var client = Api();
        using var body = JsonDocument.Parse(await client.GetStringAsync(path));
        return body.RootElement.GetProperty(key).Clone();
    }

    /// <summary>As <see cref="GetAsync"/>, but null when the API answers 404 (the resource is gone).</summary>
    public async Task<JsonElement?> TryGetAsync(string path, string key)
    {
        using var client = Api();
        using var response = await client.GetAsync(path);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty(key).Clone();
    }

    /// <summary>
    /// Polls an operation until the step it runs and its progress match <paramref name="isAt"/>, and returns the operation
    /// (<c>current_step</c>, <c>progress</c>); throws if the operation ends first, so that a kill that follows is known
    /// to land inside the step.
    /// </summary>
    public async Task<JsonElement> WaitForRunningStepAsync(string operationId, Func<string, int, bool> isAt, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var operation = await GetAsync($"operations/{operationId}", "operation");
            var status = operation.GetProperty("status").GetString();
            var step = operation.TryGetProperty("current_step", out var current) ? current.GetString() ?? string.Empty : string.Empty;
            if (status == "RUNNING" && isAt(step, operation.GetProperty("progress").GetInt32()))
            {
                return operation;
            }

            if (status != "RUNNING" || stopwatch.Elapsed > timeout)
            {
                throw new InvalidOperationException($"Operation {operationId} never ran the awaited step: it is {status} at step '{step}' after {stopwatch.Elapsed.TotalSeconds:0.0} s.");
            }

            await Task.Delay(20);
        }
    }

    public async Task<IReadOnlyList<JsonElement>> ListInstancesAsync()
    {
        using var client = Api();
        using var list = JsonDocument.Parse(await client.GetStringAsync("instances"));
        return [.. list.RootElement.GetProperty("instances").EnumerateArray().Select(i => i.Clone())];
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Host.HasExited)
            {
                await RestartAsync();
            }

            using (var client = Api())
            {
                // Asked again while any is left: a source with replicas is refused (409) until its replicas are gone.
                var deadline = DateTime.UtcNow + DeleteTimeout;
                for (var left = await ListInstancesAsync(); left.Count > 0 && DateTime.UtcNow < deadline; left = await ListInstancesAsync())
                {
                    foreach (var instance in left.Where(i => i.GetProperty("status").GetString() != "SHUTDOWN"))
                    {
                        using var response = await client.DeleteAsync($"instances/{instance.GetProperty("id").GetString()}");
                    }

                    await Task.Delay(500);
                }
            }

            var exitCode = await Host.StopAsync();
            await Host.DisposeAsync();
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"The local host exited with {exitCode} on SIGTERM:\n{Host.Output}");
            }
        }
        finally
        {
            // Give processes a moment to finish exiting before calling them leftovers.
            for (var i = 0; i < 20 && StateDirectoryProcesses.Find(StateDirectory).Count > 0; i++)
            {
                await Task.Delay(250);
            }

            Leftovers = StateDirectoryProcesses.KillAll(StateDirectory);
            if (Directory.Exists(StateDirectory))
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
        }

        if (Leftovers.Count > 0)
        {
            throw new InvalidOperationException(
                "Processes outlived the local host's stop and had to be killed:\n" + string.Join('\n', Leftovers.Select(p => $"{p.ProcessId}: {p.CommandLine}")));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
