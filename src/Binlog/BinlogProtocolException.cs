namespace Serverless.Binlog;

/// <summary>The server sent bytes that do not follow the protocol, or a binlog holds an event that cannot be parsed; the connection is closed.</summary>
public sealed class BinlogProtocolException : BinlogException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what the caller can do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BinlogProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
