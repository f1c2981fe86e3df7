namespace Serverless.Binlog;

/// <summary>The connection could not be opened or was lost; open a new client to continue.</summary>
public sealed class BinlogConnectionException : BinlogException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what the caller can do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BinlogConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
