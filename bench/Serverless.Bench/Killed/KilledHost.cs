using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Testing.LocalHost;

namespace Serverless.Bench.Killed;

/// <summary>
/// The real local host (src/LocalHost, built by this project) as a child process over a state directory of its own, which
/// the benchmark SIGKILLs and starts again on the same directory and port. It keeps what every incarnation printed and the
/// peak resident memory (VmHWM) of the host process across incarnations, and talks to the Trove API over HTTP.
/// </summary>
internal sealed class KilledHost : IAsyncDisposable
{
    private static readonly string Dll = LocalHostProcess.DllPathOf(typeof(KilledHost).Assembly);

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _earlierOutput = new();
    private long _peakBytes;

    private KilledHost(string stateDirectory, int port, IReadOnlyDictionary<string, string> environment, LocalHostProcess process)
    {
        StateDirectory = stateDirectory;
        Port = port;
        _environment = environment;
        Process = process;
    }

    /// <summary>The host's state directory: its Azurite, catalog and servers.</summary>
    public string StateDirectory { get; }

    /// <summary>The API port, the same for every incarnation.</summary>
    public int Port { get; }

    /// <summary>The running incarnation.</summary>
    public LocalHostProcess Process { get; private set; }

    /// <summary>What every incarnation printed, the running one last.</summary>
    public string Output => _earlierOutput + Process.Output;

    /// <summary>Starts the host over a new state directory under the temporary directory, on a free port.</summary>
    public static async Task<KilledHost> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), $"serverless-bench-killed-{Environment.ProcessId}");
        Directory.CreateDirectory(stateDirectory);
        var port = FreePort();
        var process = await LocalHostProcess.StartAsync(Dll, stateDirectory, port, environment, cancellationToken);
        return new KilledHost(stateDirectory, port, environment, process);
    }

    /// <summary>SIGKILLs the host, as a crash or an OOM kill would (its servers and Azurite live on), and starts it again; returns when it is ready.</summary>
    public async Task KillAndRestartAsync(CancellationToken cancellationToken)
    {
        SamplePeak();
        await Process.KillAsync();
        _earlierOutput.Append(Process.Output).Append('\n');
        await Process.DisposeAsync();
        Process = await LocalHostProcess.StartAsync(Dll, StateDirectory, Port, _environment, cancellationToken);
    }

    /// <summary>Starts a new peak: the running host's VmHWM is reset to its current resident set.</summary>
    public void ResetPeak()
    {
        try
        {
            // "5" resets the peak RSS (Documentation/filesystems/proc.rst, /proc/PID/clear_refs); allowed for our own child.
            File.WriteAllText($"/proc/{Process.ProcessId}/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The peak then covers the incarnation's whole life, which only overstates it.
        }

        _peakBytes = 0;
        SamplePeak();
    }

    /// <summary>Takes the running host's VmHWM into the peak; call it often, and always before a kill.</summary>
    public void SamplePeak()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Process.ProcessId}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    _peakBytes = Math.Max(_peakBytes, kilobytes * 1024);
                }
            }
        }
        catch (IOException)
        {
            // The process ended between two samples: its last sample stands.
        }
    }

    /// <summary>The largest resident set of the host process, over every incarnation, since <see cref="ResetPeak"/>.</summary>
    public long PeakBytes => _peakBytes;

    /// <summary>GETs <paramref name="path"/> and returns the object under <paramref name="key"/>.</summary>
    public async Task<JsonElement> GetAsync(string path, string key, CancellationToken cancellationToken)
    {
        using var client = Process.Api();
        using var body = JsonDocument.Parse(await client.GetStringAsync(path, cancellationToken));
        return body.RootElement.GetProperty(key).Clone();
    }

    /// <summary>POSTs <paramref name="body"/> and returns the object under <paramref name="key"/> of the answer.</summary>
    public async Task<JsonElement> PostAsync(string path, JsonObject body, string key, CancellationToken cancellationToken)
    {
        using var client = Process.Api();
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ToolFailedException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty(key).Clone();
    }

    /// <summary>Deletes an instance and waits until the API no longer lists it.</summary>
    public async Task DeleteInstanceAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = Process.Api();
        using (await client.DeleteAsync($"instances/{instanceId}", cancellationToken))
        {
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync($"instances/{instanceId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new ToolFailedException($"Instance {instanceId} was still listed {timeout.TotalSeconds:0} s after its delete.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes every instance (after a kill or a failure too), stops the host with SIGTERM, kills whatever process of
    /// the state directory is left, and deletes the directory.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Process.HasExited)
            {
                await Process.DisposeAsync();
                Process = await LocalHostProcess.StartAsync(Dll, StateDirectory, Port, _environment, CancellationToken.None);
            }

            using var client = Process.Api();
            using var list = JsonDocument.Parse(await client.GetStringAsync("instances"));
            foreach (var instance in list.RootElement.GetProperty("instances").EnumerateArray())
            {
                await DeleteInstanceAsync(instance.GetProperty("id").GetString()!, TimeSpan.FromMinutes(2), CancellationToken.None);
            }

            await Process.DisposeAsync();
        }
        finally
        {
            for (var i = 0; i < 20 && StateDirectoryProcesses.Find(StateDirectory).Count > 0; i++)
            {
                await Task.Delay(250);
            }

            StateDirectoryProcesses.KillAll(StateDirectory);
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
