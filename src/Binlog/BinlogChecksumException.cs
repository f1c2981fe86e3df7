namespace Serverless.Binlog;

/// <summary>An event's CRC32 does not match its bytes: the binlog (or the copy of it being read) is corrupt.</summary>
public sealed class BinlogChecksumException : BinlogException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which event failed, where.</param>
    /// <param name="expected">The checksum the event carries.</param>
    /// <param name="actual">The checksum of the event's bytes.</param>
    public BinlogChecksumException(string message, uint expected, uint actual)
        : base(message)
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The checksum stored in the event.</summary>
    public uint Expected { get; }

    /// <summary>The checksum computed over the event's bytes.</summary>
    public uint Actual { get; }
}
