namespace Serverless.MySql;

/// <summary>An error reported by the server (an ERR packet), with its error number and SQLSTATE.</summary>
public sealed class MySqlServerException : MySqlException
{
    public MySqlServerException(int errorCode, string sqlState, string serverMessage)
        : base($"{serverMessage} (MySQL error {errorCode}, SQLSTATE {sqlState})")
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
        ServerMessage = serverMessage;
    }

    /// <summary>The server's error number, e.g. 1062 for a duplicate key; see <see cref="MySqlErrorCode"/>.</summary>
    public int ErrorCode { get; }

    /// <summary>The five-character SQLSTATE, e.g. <c>23000</c>.</summary>
    public string SqlState { get; }

    /// <summary>The server's message, without the code.</summary>
    public string ServerMessage { get; }
}
