namespace Serverless.DataPlane.Binlog;

/// <summary>Progress of a segment capture, reported each time an artifact is stored for good.</summary>
/// <param name="BytesStored">Raw binlog bytes in the artifacts stored so far, by this attempt and by the interrupted ones it resumed.</param>
/// <param name="BytesTotal">Binlog bytes between the segment's start and end coordinates (the events left out included), fixed by the first attempt.</param>
/// <param name="BytesRead">Raw binlog bytes this attempt read from the source (what a resume saves is what it does not read again).</param>
/// <param name="Parts">Artifacts stored so far.</param>
public sealed record SegmentCaptureProgress(long BytesStored, long BytesTotal, long BytesRead, int Parts)
{
    /// <summary>Whole percent stored, 0-99: the manifest, written last, marks completion.</summary>
    public int Percent => BytesTotal <= 0 ? 0 : (int)Math.Clamp(BytesStored * 100 / BytesTotal, 0, 99);
}
