using System.Diagnostics;

namespace Serverless.Bench;

/// <summary>
/// Measures one step of a benchmark: wall time, the CPU of this process, of child processes that finished during
/// the step (the tools), and of other watched processes (servers, Azurite), and this process's peak working set and
/// allocations. Start it right before the step and finish it right after.
/// </summary>
internal sealed class StepProbe
{
    private readonly int[] _watched;
    private readonly TimeSpan[] _watchedCpu;
    private readonly TimeSpan _ownCpu;
    private readonly TimeSpan _childCpu;
    private readonly bool _peakReset;
    private readonly long _allocated;
    private readonly long _started;

    private StepProbe(int[] watchedProcessIds)
    {
        _watched = watchedProcessIds;
        _peakReset = PeakWorkingSet.Reset();
        _allocated = GC.GetTotalAllocatedBytes(precise: true);
        _ownCpu = CpuTime.OfThisProcess();
        _childCpu = CpuTime.OfFinishedChildren();
        _watchedCpu = [.. _watched.Select(CpuOf)];
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts measuring; <paramref name="watchedProcessIds"/> are processes whose CPU time is taken too.</summary>
    public static StepProbe Start(params int[] watchedProcessIds) => new(watchedProcessIds);

    /// <summary>Ends the measurement.</summary>
    public StepMeasurement Finish()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        return new StepMeasurement(
            elapsed,
            CpuTime.OfThisProcess() - _ownCpu,
            CpuTime.OfFinishedChildren() - _childCpu,
            [.. _watched.Select((pid, i) => CpuOf(pid) - _watchedCpu[i])],
            _peakReset ? PeakWorkingSet.Peak() : null,
            GC.GetTotalAllocatedBytes(precise: true) - _allocated);
    }

    private static TimeSpan CpuOf(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }
}
