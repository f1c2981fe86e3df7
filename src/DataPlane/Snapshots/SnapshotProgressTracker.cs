namespace Serverless.DataPlane.Snapshots;

/// <summary>Counts rows and bytes from several workers and reports them at most every 250 ms.</summary>
internal sealed class SnapshotProgressTracker(IProgress<SnapshotProgress>? progress, long rowsTotal)
{
    private const long IntervalMilliseconds = 250;

    private long _rows;
    private long _bytes;
    private long _lastReport = Environment.TickCount64;

    public void Add(long rows, long bytes)
    {
        var done = Interlocked.Add(ref _rows, rows);
        var moved = Interlocked.Add(ref _bytes, bytes);
        if (progress is null)
        {
            return;
        }

        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastReport);
        if (now - last >= IntervalMilliseconds && Interlocked.CompareExchange(ref _lastReport, now, last) == last)
        {
            progress.Report(new SnapshotProgress(done, Math.Max(rowsTotal, done), moved));
        }
    }

    /// <summary>The final report: every row done, out of the exact total.</summary>
    public void Complete(long rowsTotal) => progress?.Report(new SnapshotProgress(rowsTotal, rowsTotal, Interlocked.Read(ref _bytes)));
}
