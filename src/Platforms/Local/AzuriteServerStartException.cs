namespace Serverless.Platforms.Local;

/// <summary>
/// Azurite exited or did not answer in time while starting. The message ends with the last
/// lines of its output, which usually say why.
/// </summary>
public sealed class AzuriteServerStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AzuriteServerStartException(string serverName, string reason, string logPath, string logTail)
        : base($"Azurite '{serverName}' did not start: {reason}. Output in {logPath}, last lines:\n{logTail}")
    {
        ServerName = serverName;
        LogPath = logPath;
        LogTail = logTail;
    }

    /// <summary>The <see cref="AzuriteServerOptions.Name"/> of the server.</summary>
    public string ServerName { get; }

    /// <summary>Azurite's output file.</summary>
    public string LogPath { get; }

    /// <summary>The last lines of the output at the time of failure.</summary>
    public string LogTail { get; }
}
