namespace Serverless.Platforms;

/// <summary>The state of a server as the platform sees it.</summary>
public enum ServerState
{
    /// <summary>The server runs and accepts connections.</summary>
    Running,

    /// <summary>The server was stopped on request and keeps its data.</summary>
    Stopped,

    /// <summary>The platform has no such server, or its data has disappeared (for example deleted by hand).</summary>
    Missing,

    /// <summary>The server should run and does not, or could not be started; see <see cref="ServerStatus.Message"/>.</summary>
    Failed,
}
