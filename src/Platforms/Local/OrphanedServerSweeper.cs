using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>
/// Second line of defence behind the watchdog: before a server starts, every guarded state
/// directory under the shared root whose owner is dead loses its <c>mariadbd</c> (if one still
/// runs) and is deleted. Unguarded servers and directories of live owners are left alone.
/// </summary>
internal static class OrphanedServerSweeper
{
    // A directory without owner.json is one being created right now, or the remains of a crash
    // between mkdir and the first write; only the latter gets this old.
    private static readonly TimeSpan OwnerlessGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>Sweeps <paramref name="sharedRoot"/>; failures are logged, never thrown.</summary>
    public static async Task SweepAsync(string sharedRoot, ILogger logger, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(sharedRoot))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(sharedRoot))
        {
            if (Path.GetFileName(directory) == MariaDbServer.TemplatesDirectoryName)
            {
                continue;
            }

            try
            {
                await SweepOneAsync(directory, logger, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                MariaDbServerLog.SweepFailed(logger, directory, e);
            }
        }
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

    private static async Task SweepOneAsync(string directory, ILogger logger, CancellationToken cancellationToken)
    {
        var layout = new MariaDbStateLayout(directory);
        var owner = ServerOwnerRecord.TryRead(layout.OwnerFile);
        if (owner is null)
        {
            if (!File.Exists(layout.OwnerFile) && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > OwnerlessGracePeriod)
            {
                layout.Delete();
            }

            return;
        }

        if (!owner.Guarded || owner.OwnerIsAlive)
        {
            return;
        }

        if (IsServerOf(owner.ServerProcessId, layout))
        {
            LinuxProcess.Signal(owner.ServerProcessId, LinuxProcess.SigKill);
            await LinuxProcess.WaitForDeathAsync(owner.ServerProcessId, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        MariaDbServerLog.SweptOrphan(logger, directory, owner.OwnerProcessId, owner.ServerProcessId);
        layout.Delete();
    }
}
