using System.Runtime.InteropServices;

namespace Serverless.Platforms.Local;

/// <summary>
/// The few process facts and signals the launcher needs that <see cref="System.Diagnostics.Process"/>
/// does not offer: SIGTERM, liveness that treats zombies as dead, start times and command lines
/// read from <c>/proc</c>.
/// </summary>
internal static partial class LinuxProcess
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/>; false when the process does not exist (any more).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && kill(pid, signal) == 0;

    /// <summary>
    /// True while the process exists and is not a zombie. A killed process whose parent has not
    /// reaped it yet is already dead for our purposes.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State is not ('Z' or 'X');
    }

    /// <summary>
    /// The process start time in clock ticks since boot (field 22 of <c>/proc/pid/stat</c>), which
    /// together with the pid identifies a process across pid reuse; null if it is gone.
    /// </summary>
    public static long? StartTime(int pid) => ReadStat(pid)?.StartTime;

    /// <summary>The process's argv, or an empty array when it is gone or unreadable.</summary>
    public static string[] CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Waits until the process is dead, polling; false if it is still alive after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForDeathAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static (char State, long StartTime)? ReadStat(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // proc(5): "pid (comm) state ppid ...". comm may contain spaces and parentheses, so the
        // fields are counted from the last ')'. After it, field 3 (state) is first, field 22
        // (starttime) is the 20th.
        var rest = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length < 20 || rest[0].Length != 1 || !long.TryParse(rest[19], out var startTime))
        {
            return null;
        }

        return (rest[0][0], startTime);
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code; this signature is blittable.
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
}
