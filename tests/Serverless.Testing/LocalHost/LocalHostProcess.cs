using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;

namespace Serverless.Testing.LocalHost;

/// <summary>
/// The built local host (src/LocalHost) running as a child process over a given state directory and port, the
/// way scripts/run.sh runs it. It is ready once it has written <c>{state}/local-host.json</c> naming its own pid.
/// The end-to-end tests and the kill benchmark (bench/) both drive it through this class.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private LocalHostProcess(Process process, ConcurrentQueue<string> output, JsonElement info)
    {
        _process = process;
        _output = output;
        Endpoint = info.GetProperty("endpoint").GetString()!;
        Project = info.GetProperty("project").GetString()!;
        Token = File.ReadAllText(info.GetProperty("token_file").GetString()!).Trim();
        IdentityUrl = info.GetProperty("identity_url").GetString()!;
        IdentityUser = info.GetProperty("identity_user").GetString()!;
        IdentityPassword = File.ReadAllText(info.GetProperty("identity_password_file").GetString()!).Trim();
    }

    /// <summary>
    /// The built host's assembly as <paramref name="assembly"/> names it: an <c>AssemblyMetadata("LocalHostDll", path)</c>
    /// attribute its project sets (with a build-only reference to src/LocalHost, so the host is built first).
    /// </summary>
    public static string DllPathOf(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LocalHostDll").Value!;

    public int ProcessId => _process.Id;

    public string Endpoint { get; }

    public string Project { get; }

    public string Token { get; }

    public string IdentityUrl { get; }

    public string IdentityUser { get; }

    public string IdentityPassword { get; }

    /// <summary>Everything the host printed so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="dllPath"/> (see <see cref="DllPathOf"/>) and waits until it is ready.</summary>
    public static async Task<LocalHostProcess> StartAsync(
        string dllPath, string stateDirectory, int port, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in new[] { dllPath, "--state-dir", stateDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var infoPath = Path.Combine(stateDirectory, "local-host.json");
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                var failure = $"The local host exited with {process.ExitCode} while starting:\n{string.Join('\n', output)}";
                process.Dispose();
                throw new InvalidOperationException(failure);
            }

            if (File.Exists(infoPath))
            {
                using var info = JsonDocument.Parse(await File.ReadAllBytesAsync(infoPath, cancellationToken));
                if (info.RootElement.GetProperty("pid").GetInt32() == process.Id)
                {
                    return new LocalHostProcess(process, output, info.RootElement.Clone());
                }
            }

            if (stopwatch.Elapsed > StartTimeout)
            {
                process.Kill();
                process.Dispose();
                throw new TimeoutException($"The local host was not ready within {StartTimeout.TotalSeconds:0} s:\n{string.Join('\n', output)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Asks the host to stop (SIGTERM, as a service manager would) and waits until it has; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(CancellationToken.None);
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"The local host did not stop within {StopTimeout.TotalSeconds:0} s of SIGTERM:\n{Output}");
            }
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the host at once (SIGKILL), as a crash or an OOM kill would; its children keep running.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>An API client of the host: its endpoint, JSON, and its token.</summary>
    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(Endpoint + "/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.Add("X-Auth-Token", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        _process.Dispose();
    }
}
