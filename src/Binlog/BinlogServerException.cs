namespace Serverless.Binlog;

/// <summary>An error reported by the server (an ERR packet), with its error number and SQLSTATE.</summary>
public class BinlogServerException : BinlogException
{
    /// <summary>Creates the exception from the fields of an ERR packet.</summary>
    /// <param name="errorCode">The server's error number.</param>
    /// <param name="sqlState">The five-character SQLSTATE.</param>
    /// <param name="serverMessage">The server's message.</param>
    public BinlogServerException(int errorCode, string sqlState, string serverMessage)
        : this(errorCode, sqlState, serverMessage, $"{serverMessage} (MySQL error {errorCode}, SQLSTATE {sqlState})")
    {
    }

    /// <summary>Creates the exception with a message of the caller's.</summary>
    /// <param name="errorCode">The server's error number.</param>
    /// <param name="sqlState">The five-character SQLSTATE.</param>
    /// <param name="serverMessage">The server's message.</param>
    /// <param name="message">The exception's message.</param>
    protected BinlogServerException(int errorCode, string sqlState, string serverMessage, string message)
        : base(message)
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
        ServerMessage = serverMessage;
    }

    /// <summary>The server's error number, e.g. 1236 for a binlog the server cannot send.</summary>
    public int ErrorCode { get; }

    /// <summary>The five-character SQLSTATE, e.g. <c>HY000</c>.</summary>
    public string SqlState { get; }

    /// <summary>The server's message, without the code.</summary>
    public string ServerMessage { get; }
}
