namespace Serverless.Storage.Tests;

/// <summary>Samples the process working set and the managed heap while it lives, keeping the peaks.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peakWorkingSet;
    private long peakManagedHeap;

    public MemorySampler()
    {
        BaselineWorkingSet = Environment.WorkingSet;
        BaselineManagedHeap = GC.GetTotalMemory(forceFullCollection: false);
        sampling = SampleAsync();
    }

    public long BaselineWorkingSet { get; }

    public long BaselineManagedHeap { get; }

    public long PeakWorkingSet => Interlocked.Read(ref peakWorkingSet);

    public long PeakManagedHeap => Interlocked.Read(ref peakManagedHeap);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    public override string ToString() =>
        $"working set {Mib(BaselineWorkingSet)} MiB before, {Mib(PeakWorkingSet)} MiB peak; " +
        $"managed heap {Mib(BaselineManagedHeap)} MiB before, {Mib(PeakManagedHeap)} MiB peak";

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        do
        {
            Raise(ref peakWorkingSet, Environment.WorkingSet);
            Raise(ref peakManagedHeap, GC.GetTotalMemory(forceFullCollection: false));
        }
        while (await timer.WaitForNextTickAsync(stop.Token));
    }

    private static void Raise(ref long peak, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }
}
