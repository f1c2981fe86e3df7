using Serverless.DataPlane.Binlog;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>
/// Interrupts a replay once it has applied a given number of events, the way a killed host or a timed-out step would:
/// the report comes synchronously from the replay, so the replay stops at its next statement.
/// </summary>
internal sealed class ReplayCut(long events) : IProgress<SegmentApplyProgress>, IDisposable
{
    private readonly CancellationTokenSource _cut = new();

    /// <summary>Cancelled once <c>events</c> events were applied.</summary>
    public CancellationToken Token => _cut.Token;

    public bool Cut => _cut.IsCancellationRequested;

    public void Report(SegmentApplyProgress value)
    {
        if (value.EventsApplied >= events)
        {
            _cut.Cancel();
        }
    }

    public void Dispose() => _cut.Dispose();
}
