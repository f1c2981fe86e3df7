using System.Collections.Concurrent;
using Serverless.DataPlane.Snapshots;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>Keeps every report, in the order they were made (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class RecordingProgress : IProgress<SnapshotProgress>
{
    public ConcurrentQueue<SnapshotProgress> Reports { get; } = new();

    public void Report(SnapshotProgress value) => Reports.Enqueue(value);
}
