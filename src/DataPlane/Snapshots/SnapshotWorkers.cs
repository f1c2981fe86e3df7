using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Runs a dump's or load's workers over one queue of chunks.</summary>
internal static class SnapshotWorkers
{
    /// <summary>
    /// Runs <paramref name="workers"/> copies of <paramref name="work"/> (given their index, the shared queue and
    /// a token) on the thread pool. The first failure cancels the others and is the exception thrown, rather than
    /// whatever the cancelled ones ran into.
    /// </summary>
    public static async Task RunAsync<T>(
        IEnumerable<T> items,
        int workers,
        Func<int, ConcurrentQueue<T>, CancellationToken, Task> work,
        CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<T>(items);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        var running = Enumerable.Range(0, workers).Select(i => Task.Run(
            async () =>
            {
                try
                {
                    await work(i, queue, failed.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref first, ex, null);
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            CancellationToken.None)).ToList();
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }
}
