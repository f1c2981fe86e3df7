namespace Serverless.MySql;

/// <summary>
/// Authentication could not be carried out on the client side, e.g. the account uses a plugin this client
/// does not speak. A password the server rejects is a <see cref="MySqlServerException"/> (error 1045).
/// </summary>
public sealed class MySqlAuthenticationException : MySqlException
{
    public MySqlAuthenticationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
