namespace Serverless.MySql;

/// <summary>
/// The connect timeout or the command timeout expired. When the server stopped the statement in time the
/// connection stays usable; otherwise it was closed and <see cref="MySqlConnection.IsBroken"/> is true.
/// </summary>
public sealed class MySqlTimeoutException : MySqlException
{
    public MySqlTimeoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
