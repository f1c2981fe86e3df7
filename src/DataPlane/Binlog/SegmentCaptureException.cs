namespace Serverless.DataPlane.Binlog;

/// <summary>A segment could not be captured for a reason another attempt will not fix (the message says what to do).</summary>
public sealed class SegmentCaptureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SegmentCaptureException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
