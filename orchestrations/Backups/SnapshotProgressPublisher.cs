using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Takes a dump's, load's, capture's or replay's progress as it is reported and publishes the latest percent at most once per
/// interval, off the data path: the dumper's threads never wait for a catalog write.
/// </summary>
internal sealed class SnapshotProgressPublisher : IProgress<SnapshotProgress>, IProgress<SegmentCaptureProgress>, IProgress<SegmentApplyProgress>, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private Percent? _latest;

    /// <param name="publish">Writes one percent (0-99) somewhere clients read it.</param>
    /// <param name="interval">The least time between two writes.</param>
    /// <param name="cancellationToken">Stops publishing.</param>
    public SnapshotProgressPublisher(Func<int, CancellationToken, Task> publish, TimeSpan interval, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = PublishAsync(publish, interval, _stop.Token);
    }

    public void Report(SnapshotProgress value) => Volatile.Write(ref _latest, new Percent(value.Percent));

    public void Report(SegmentCaptureProgress value) => Volatile.Write(ref _latest, new Percent(value.Percent));

    public void Report(SegmentApplyProgress value) => Volatile.Write(ref _latest, new Percent(value.Percent));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PublishAsync(Func<int, CancellationToken, Task> publish, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        var published = -1;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _latest) is not { } latest || latest.Value == published)
                {
                    continue;
                }

                try
                {
                    await publish(latest.Value, cancellationToken).ConfigureAwait(false);
                    published = latest.Value;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Progress is a courtesy to pollers: a failed write must not fail the dump; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the step is over.
        }
    }

    /// <summary>A percent boxed once per report, so the latest is swapped atomically.</summary>
    private sealed record Percent(int Value);
}
