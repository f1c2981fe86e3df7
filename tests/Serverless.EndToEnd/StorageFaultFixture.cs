using System.Diagnostics;
using System.Globalization;

namespace Serverless.EndToEnd;

/// <summary>
/// A local host whose storage account (its own Azurite, on its own state directory, so no other test class sees the
/// outage) can be taken away for a while: <see cref="StopStorageAsync"/> shuts Azurite down cleanly (SIGTERM, so what it
/// acknowledged is persisted, as a real storage service keeps what it acknowledged) and <see cref="ResumeStorageAsync"/>
/// starts it again with the same command line (same ports, same data), so the host's clients find it where it was.
/// <see cref="HandBackStorageAsync"/> returns Azurite to the host's own care before the fixture is disposed.
/// </summary>
public sealed class StorageFaultFixture : LocalHostFixture
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private string[]? commandLine;
    private string? workingDirectory;
    private Process? resumed;

    protected override IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string> { ["SERVERLESS_DURABLE_VISIBILITY_SECONDS"] = "8" };

    /// <summary>Stops the host's Azurite (SIGTERM) and waits until it has exited: from now on nothing answers on its ports.</summary>
    public async Task StopStorageAsync()
    {
        var (processId, arguments) = AzuriteProcess();
        commandLine = arguments;
        workingDirectory = new DirectoryInfo($"/proc/{processId}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
        await CommandLine.RunAsync("kill", ["-TERM", processId.ToString(CultureInfo.InvariantCulture)]);
        await LocalHostClients.WaitUntilAsync(() => Task.FromResult(Directory.Exists($"/proc/{processId}")), ExitTimeout, alive => !alive);
    }

    /// <summary>Starts Azurite again as it ran before <see cref="StopStorageAsync"/> and waits until its Blob port answers.</summary>
    public async Task ResumeStorageAsync()
    {
        var arguments = commandLine ?? throw new InvalidOperationException("The storage was not stopped.");
        var start = new ProcessStartInfo(arguments[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        resumed = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start again.");
        resumed.OutputDataReceived += (_, _) => { };
        resumed.ErrorDataReceived += (_, _) => { };
        resumed.BeginOutputReadLine();
        resumed.BeginErrorReadLine();
        var blobPort = int.Parse(arguments[Array.IndexOf(arguments, "--blobPort") + 1], CultureInfo.InvariantCulture);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await LocalHostClients.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var response = await probe.GetAsync(new Uri($"http://127.0.0.1:{blobPort}/devstoreaccount1?comp=list"));
                    return true;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            answers => answers);
    }

    /// <summary>
    /// Kills the host, stops the Azurite this fixture restarted and starts the host again, which starts its own Azurite
    /// on the same data: the host's recovery after an outage, and what lets the fixture's disposal (deleting every
    /// instance, stopping the host and its Azurite) run as for any other class. Does nothing if the storage was not resumed here.
    /// </summary>
    public async Task HandBackStorageAsync()
    {
        if (resumed is null)
        {
            return;
        }

        await Host.KillAsync();
        await CommandLine.RunAsync("kill", ["-TERM", resumed.Id.ToString(CultureInfo.InvariantCulture)]);
        using (var timeout = new CancellationTokenSource(ExitTimeout))
        {
            await resumed.WaitForExitAsync(timeout.Token);
        }

        resumed.Dispose();
        resumed = null;
        await RestartAsync();
    }

    private (int ProcessId, string[] Arguments) AzuriteProcess()
    {
        // Azurite itself (node running the azurite script), not a shell that launched it.
        var (processId, _) = StateDirectoryProcesses.Find(StateDirectory).Single(p => p.CommandLine.StartsWith("node ", StringComparison.Ordinal) && p.CommandLine.Contains("azurite", StringComparison.Ordinal));
        var arguments = File.ReadAllText($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return (processId, arguments);
    }
}
