namespace Serverless.MySql;

/// <summary>The connection could not be opened or was lost; the connection object is no longer usable.</summary>
public sealed class MySqlConnectionException : MySqlException
{
    public MySqlConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
