using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>
/// Second line of defence behind the watchdog: before a server starts, every guarded state
/// directory under the shared root of its kind whose owner is dead loses its server process (if
/// one still runs) and is deleted. Unguarded servers and directories of live owners are left alone.
/// </summary>
internal static class OrphanedServerSweeper
{
    // A directory without owner.json is one being created right now, or the remains of a crash
    // between mkdir and the first write; only the latter gets this old.
    private static readonly TimeSpan OwnerlessGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>The MariaDB servers (<see cref="MariaDbServer"/>), whose shared root also holds the data directory templates.</summary>
    public static LocalServerKind MariaDbServers { get; } = new(
        "MariaDB",
        new HashSet<string> { MariaDbServer.TemplatesDirectoryName },
        (processId, directory) => IsServerOf(processId, new MariaDbStateLayout(directory)),
        directory => new MariaDbStateLayout(directory).Delete());

    /// <summary>Sweeps the MariaDB servers under <paramref name="sharedRoot"/>; failures are logged, never thrown.</summary>
    public static Task SweepAsync(string sharedRoot, ILogger logger, CancellationToken cancellationToken) =>
        SweepAsync(sharedRoot, MariaDbServers, logger, cancellationToken);

    /// <summary>Sweeps the servers of <paramref name="kind"/> under <paramref name="sharedRoot"/>; failures are logged, never thrown.</summary>
    public static async Task SweepAsync(string sharedRoot, LocalServerKind kind, ILogger logger, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(sharedRoot))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(sharedRoot))
        {
            if (kind.SharedDirectories.Contains(Path.GetFileName(directory)))
            {
                continue;
            }

            try
            {
                await SweepOneAsync(directory, kind, logger, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LocalServerLog.SweepFailed(logger, kind.DisplayName, directory, e);
            }
        }
    }

    /// <summary>
    /// A live server left on a reused state directory by an owner that died (possible for
    /// unguarded servers, or guarded ones between watchdog polls) is stopped before a new one
    /// starts; one whose owner still runs means the directory is in use.
    /// </summary>
    /// <exception cref="InvalidOperationException">The directory's server and its owner are alive.</exception>
    public static async Task StopLeftoverServerAsync(string stateDirectory, LocalServerKind kind, TimeSpan stopTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        var previous = ServerOwnerRecord.TryRead(ServerOwnerRecord.PathIn(stateDirectory));
        if (previous is null)
        {
            return;
        }

        var serverProcessId = kind.IsServerOf(previous.ServerProcessId, stateDirectory) ? previous.ServerProcessId : 0;
        if (serverProcessId == 0)
        {
            // An owner killed between launching the server and recording its pid (a start cut short) left a
            // server that no record names; it still holds the data directory, so find it by its command line.
            serverProcessId = previous.OwnerIsAlive ? 0 : FindUnrecordedServer(stateDirectory, kind);
            if (serverProcessId == 0)
            {
                return;
            }
        }
        else if (previous.OwnerIsAlive)
        {
            throw new InvalidOperationException(
                $"The {kind.DisplayName} state directory '{stateDirectory}' is in use by server process {previous.ServerProcessId}, " +
                $"started by process {previous.OwnerProcessId}, which is still running. Stop that process or choose another state directory.");
        }

        LocalServerLog.StoppingLeftover(logger, kind.DisplayName, serverProcessId, stateDirectory);
        LinuxProcess.Signal(serverProcessId, LinuxProcess.SigTerm);
        if (!await LinuxProcess.WaitForDeathAsync(serverProcessId, stopTimeout, cancellationToken).ConfigureAwait(false))
        {
            LinuxProcess.Signal(serverProcessId, LinuxProcess.SigKill);
            await LinuxProcess.WaitForDeathAsync(serverProcessId, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The pid of a live server of <paramref name="kind"/> started on <paramref name="stateDirectory"/>, or 0.</summary>
    private static int FindUnrecordedServer(string stateDirectory, LocalServerKind kind)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && kind.IsServerOf(pid, stateDirectory))
            {
                return pid;
            }
        }

        return 0;
    }

    /// <summary>
    /// True when <paramref name="processId"/> is a <c>mariadbd</c> started with the configuration
    /// file of <paramref name="layout"/>, so a recycled pid never gets a signal meant for a server.
    /// </summary>
    public static bool IsServerOf(int processId, MariaDbStateLayout layout)
    {
        var commandLine = LinuxProcess.CommandLine(processId);
        return commandLine.Length > 1
            && Path.GetFileName(commandLine[0]) is "mariadbd" or "mysqld"
            && commandLine.Contains($"--defaults-file={layout.ConfigFile}")
            && LinuxProcess.IsAlive(processId);
    }

    private static async Task SweepOneAsync(string directory, LocalServerKind kind, ILogger logger, CancellationToken cancellationToken)
    {
        var ownerFile = ServerOwnerRecord.PathIn(directory);
        var owner = ServerOwnerRecord.TryRead(ownerFile);
        if (owner is null)
        {
            if (!File.Exists(ownerFile) && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > OwnerlessGracePeriod)
            {
                kind.DeleteState(directory);
            }

            return;
        }

        if (!owner.Guarded || owner.OwnerIsAlive)
        {
            return;
        }

        if (kind.IsServerOf(owner.ServerProcessId, directory))
        {
            LinuxProcess.Signal(owner.ServerProcessId, LinuxProcess.SigKill);
            await LinuxProcess.WaitForDeathAsync(owner.ServerProcessId, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        LocalServerLog.SweptOrphan(logger, kind.DisplayName, directory, owner.OwnerProcessId, owner.ServerProcessId);
        kind.DeleteState(directory);
    }
}
