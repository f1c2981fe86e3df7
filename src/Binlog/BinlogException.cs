namespace Serverless.Binlog;

/// <summary>Base type of every error the binlog client and readers raise.</summary>
public abstract class BinlogException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what the caller can do.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected BinlogException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
