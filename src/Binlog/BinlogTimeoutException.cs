namespace Serverless.Binlog;

/// <summary>The server sent nothing within the connect or read timeout; the connection was closed.</summary>
public sealed class BinlogTimeoutException : BinlogException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what the caller can do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BinlogTimeoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
