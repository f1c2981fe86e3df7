using System.Collections.Concurrent;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// A clock whose timers fire at once and remember how long they were asked to wait, and whose time moves on by that
/// much: tests see every wait the client would have made (back-offs, Retry-After) without sleeping.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();
    private long _elapsedTicks;

    public static DateTimeOffset Start { get; } = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Every wait requested so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _waits.Enqueue(dueTime);
            Interlocked.Add(ref _elapsedTicks, dueTime.Ticks);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
