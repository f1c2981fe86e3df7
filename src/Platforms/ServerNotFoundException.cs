namespace Serverless.Platforms;

/// <summary>A platform operation named a server that does not exist, or whose data has disappeared.</summary>
public sealed class ServerNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="message">What is missing and what the user can do.</param>
    public ServerNotFoundException(string serverId, string message)
        : base(message)
    {
        ServerId = serverId;
    }

    /// <summary>The server the operation named.</summary>
    public string ServerId { get; }
}
