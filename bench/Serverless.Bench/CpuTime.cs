using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Serverless.Bench;

/// <summary>
/// CPU time (user + system) spent by this process and by its finished child processes, so a
/// benchmark can tell a client's own cost apart from time spent waiting for the server.
/// </summary>
internal static class CpuTime
{
    private const int RusageChildren = -1;
    private const int ClockThreadCpuTime = 3;

    /// <summary>CPU time of this process so far, all threads.</summary>
    public static TimeSpan OfThisProcess()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// CPU time of all child processes that have exited and been waited for (getrusage(2),
    /// RUSAGE_CHILDREN); take the difference around one child's run.
    /// </summary>
    public static TimeSpan OfFinishedChildren()
    {
        if (GetResourceUsage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage(RUSAGE_CHILDREN) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return ToTimeSpan(usage.UserSeconds, usage.UserMicroseconds) + ToTimeSpan(usage.SystemSeconds, usage.SystemMicroseconds);
    }

    /// <summary>
    /// CPU time of the calling thread so far (clock_gettime(2), CLOCK_THREAD_CPUTIME_ID): what a single-threaded
    /// measurement cost, without the time other processes on a shared machine took from it.
    /// </summary>
    public static TimeSpan OfCurrentThread()
    {
        if (GetClockTime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return TimeSpan.FromSeconds(time.Seconds) + TimeSpan.FromTicks(time.Nanoseconds / 100);
    }

    private static TimeSpan ToTimeSpan(long seconds, long microseconds) =>
        TimeSpan.FromSeconds(seconds) + TimeSpan.FromMicroseconds(microseconds);

    // DllImport rather than LibraryImport: the struct is blittable, so no unsafe code is needed.
    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetClockTime(int clock, out TimeSpec time);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>struct rusage on 64-bit Linux: two struct timeval, then 14 longs this code does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public Unused14 Rest;
    }

    [System.Runtime.CompilerServices.InlineArray(14)]
    private struct Unused14
    {
        private long _element;
    }
}
