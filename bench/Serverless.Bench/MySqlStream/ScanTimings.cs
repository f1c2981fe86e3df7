namespace Serverless.Bench.MySqlStream;

/// <summary>Wall and CPU times of one client's timed scans.</summary>
internal sealed class ScanTimings
{
    private readonly List<TimeSpan> _wall = [];
    private readonly List<TimeSpan> _cpu = [];

    public void Add(TimeSpan wall, TimeSpan cpu)
    {
        _wall.Add(wall);
        _cpu.Add(cpu);
    }

    public TimeSpan BestWall => _wall.Min();

    public TimeSpan MedianWall => Median(_wall);

    public TimeSpan MedianCpu => Median(_cpu);

    /// <summary>The middle value; the mean of the two middle values for an even count.</summary>
    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
