using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Serverless.EndToEnd;

/// <summary>
/// The built local host (src/LocalHost) running as a child process over a given state directory and port, the
/// way scripts/run.sh runs it. It is ready once it has written <c>{state}/local-host.json</c> naming its own pid.
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

    public static string DllPath { get; } = typeof(LocalHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LocalHostDll").Value!;

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

    public static async Task<LocalHostProcess> StartAsync(string stateDirectory, int port, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
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

        foreach (var argument in new[] { DllPath, "--state-dir", stateDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
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
            await CommandLine.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        _process.Dispose();
    }
}
