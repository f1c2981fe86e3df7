using System.Runtime.InteropServices;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Keeps the native heap of a long backup or restore from growing with the data. Every artifact compresses or
/// decompresses through a native Brotli state of several MiB (the 4 MiB window and the encoder's tables), allocated
/// with <c>malloc</c> on whichever thread-pool thread runs the stream. glibc serves such blocks from per-thread
/// arenas once its dynamic mmap threshold has risen past them, and keeps what is freed there: with a new state per
/// chunk on changing threads, the peak working set grew with the data (<c>bench/run.sh backup --steps ours</c>,
/// sbtest1: backup 151 MB at 2,000,000 rows, 232 MB at 6,000,000; restore 186 and 272 MB), while the managed heap
/// stayed under 65 MB. A fixed mmap threshold of 128 KiB hands every such block back to the system when it is freed,
/// and two arenas bound what small allocations can scatter: set here, the 6,000,000-row backup peaked at 196 MB and the
/// restore at 205 MB (10,000,000 rows: backup 178 MB). The arena limit binds only arenas created after it is set; a
/// host that sets the same limits in GLIBC_TUNABLES gets all of it (174 and 187 MB).
/// </summary>
/// <remarks>Process-wide and applied once, by the first <see cref="ArtifactStore"/>; a no-op off glibc (or where the call is missing).</remarks>
internal static class NativeHeapLimits
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;
    private const int ArenaMax = -8;
    private const int MmapThresholdBytes = 128 * 1024;
    private const int Arenas = 2;

    private static int _applied;

    /// <summary>Sets the limits the first time it is called in the process; later calls do nothing.</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1 || !OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // mallopt answers 1 when it took the value; a C library without these parameters answers 0 and changes nothing.
            _ = mallopt(MmapThreshold, MmapThresholdBytes);
            _ = mallopt(TrimThreshold, MmapThresholdBytes);
            _ = mallopt(ArenaMax, Arenas);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): its allocator does not keep freed blocks per thread this way.
        }
    }

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code; this signature is blittable.
    private static extern int mallopt(int param, int value);
#pragma warning restore SYSLIB1054
}
