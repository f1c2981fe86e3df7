namespace Serverless.MySql;

/// <summary>Base type of every error this client raises.</summary>
public abstract class MySqlException : Exception
{
    protected MySqlException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
