using System.Globalization;

namespace Serverless.Testing.LocalHost;

/// <summary>
/// Processes that belong to one local-host state directory: the host (<c>--state-dir</c>), its Azurite
/// (<c>--location</c>) and its mariadbd servers (<c>--defaults-file</c>), all of which name the directory on
/// their command line.
/// </summary>
public static class StateDirectoryProcesses
{
    public static IReadOnlyList<(int ProcessId, string CommandLine)> Find(string stateDirectory)
    {
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(stateDirectory, StringComparison.Ordinal))
            {
                found.Add((pid, commandLine));
            }
        }

        return found;
    }

    /// <summary>SIGKILLs the instance's database server, as a crash would, and waits until it is gone.</summary>
    public static async Task KillServerAsync(string stateDirectory, string instanceId)
    {
        var server = Find(stateDirectory).Single(p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal) && p.CommandLine.Contains(instanceId, StringComparison.Ordinal));
        using (var process = System.Diagnostics.Process.GetProcessById(server.ProcessId))
        {
            process.Kill();
        }

        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{server.ProcessId}"))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"The server {server.ProcessId} of instance {instanceId} was still alive 30 s after SIGKILL.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Kills (SIGKILL) every process of the state directory; returns what it killed.</summary>
    public static IReadOnlyList<(int ProcessId, string CommandLine)> KillAll(string stateDirectory)
    {
        var found = Find(stateDirectory);
        foreach (var (pid, _) in found)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        return found;
    }
}
