using System.Diagnostics;

namespace Serverless.Bench;

/// <summary>
/// The peak resident memory of this process over a stretch of a benchmark. Linux keeps one peak for
/// the process's whole life (VmHWM); <see cref="Reset"/> sets it back to the current working set, so
/// the peak read afterwards covers only what ran since.
/// </summary>
internal static class PeakWorkingSet
{
    /// <summary>Restarts peak tracking at the current working set; false where the kernel does not allow it.</summary>
    public static bool Reset()
    {
        try
        {
            // "5" resets the peak RSS (Documentation/filesystems/proc.rst, /proc/PID/clear_refs).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The current working set, in bytes.</summary>
    public static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>The peak working set since the last <see cref="Reset"/> (or since the process started), in bytes.</summary>
    public static long Peak()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
