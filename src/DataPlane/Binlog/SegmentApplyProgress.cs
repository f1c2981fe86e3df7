namespace Serverless.DataPlane.Binlog;

/// <summary>Progress of a segment replay, reported as events are applied.</summary>
/// <param name="EventsApplied">Events read and applied so far, over every segment.</param>
/// <param name="BytesApplied">Raw binlog bytes of those events.</param>
/// <param name="BytesTotal">Raw binlog bytes of all the segments to apply, from their manifests (a point-in-time restore may stop before).</param>
public sealed record SegmentApplyProgress(long EventsApplied, long BytesApplied, long BytesTotal)
{
    /// <summary>Whole percent applied, 0-99: the caller marks completion itself.</summary>
    public int Percent => BytesTotal <= 0 ? 0 : (int)Math.Clamp(BytesApplied * 100 / BytesTotal, 0, 99);
}
