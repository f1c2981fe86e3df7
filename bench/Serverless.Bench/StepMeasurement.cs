namespace Serverless.Bench;

/// <summary>What a <see cref="StepProbe"/> measured across one step.</summary>
/// <param name="Elapsed">Wall time.</param>
/// <param name="OwnCpu">CPU time of this process, all threads.</param>
/// <param name="ChildCpu">CPU time of child processes that exited during the step, with their own children.</param>
/// <param name="WatchedCpu">CPU time of each watched process, in the order they were given.</param>
/// <param name="PeakWorkingSet">This process's peak working set during the step; null where the kernel refused a peak reset.</param>
/// <param name="Allocated">Bytes this process allocated.</param>
internal sealed record StepMeasurement(
    TimeSpan Elapsed,
    TimeSpan OwnCpu,
    TimeSpan ChildCpu,
    IReadOnlyList<TimeSpan> WatchedCpu,
    long? PeakWorkingSet,
    long Allocated);
