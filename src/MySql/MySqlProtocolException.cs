namespace Serverless.MySql;

/// <summary>The server sent bytes that do not follow the protocol; the connection is closed.</summary>
public sealed class MySqlProtocolException : MySqlException
{
    public MySqlProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
