namespace Serverless.DataPlane.Binlog;

/// <summary>Another attempt of the same capture recorded progress first; this attempt continues after what it recorded.</summary>
internal sealed class CaptureOvertakenException(string setId, Exception innerException)
    : Exception($"Another attempt of the capture of set '{setId}' recorded its progress first.", innerException);
