namespace Serverless.Binlog;

/// <summary>Authentication could not be carried out on the client side, e.g. the account uses a plugin this client does not speak. A password the server rejects is a <see cref="BinlogServerException"/> (error 1045).</summary>
public sealed class BinlogAuthenticationException : BinlogException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what the caller can do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BinlogAuthenticationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
