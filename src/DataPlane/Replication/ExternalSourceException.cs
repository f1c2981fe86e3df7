namespace Serverless.DataPlane.Replication;

/// <summary>
/// A server outside the service cannot be replicated from as asked: it does not answer, refuses the account, lacks a
/// privilege, does not log ROW binlogs with GTIDs, or is of a kind a MariaDB replica cannot follow. The message says
/// which and what to change; it never holds the password.
/// </summary>
public sealed class ExternalSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExternalSourceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the source and what to change.</param>
    public ExternalSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong with the source.</param>
    /// <param name="innerException">The cause.</param>
    public ExternalSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
