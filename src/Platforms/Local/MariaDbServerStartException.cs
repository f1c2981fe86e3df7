namespace Serverless.Platforms.Local;

/// <summary>
/// A <c>mariadbd</c> process exited or did not answer in time while starting. The message
/// ends with the last lines of its error log, which usually say why.
/// </summary>
public sealed class MariaDbServerStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MariaDbServerStartException(string serverName, string reason, string errorLogPath, string errorLogTail)
        : base($"MariaDB server '{serverName}' did not start: {reason}. Error log {errorLogPath}, last lines:\n{errorLogTail}")
    {
        ServerName = serverName;
        ErrorLogPath = errorLogPath;
        ErrorLogTail = errorLogTail;
    }

    /// <summary>The <see cref="MariaDbServerOptions.Name"/> of the server.</summary>
    public string ServerName { get; }

    /// <summary>The server's error log.</summary>
    public string ErrorLogPath { get; }

    /// <summary>The last lines of the error log at the time of failure.</summary>
    public string ErrorLogTail { get; }
}
