using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>Log events of the local Azurite launcher. None of them carries the account key.</summary>
internal static partial class AzuriteServerLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Starting Azurite {Name} on {BlobEndpoint} (state {StateDirectory})")]
    public static partial void Starting(ILogger logger, string name, Uri blobEndpoint, string stateDirectory);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Azurite {Name} (pid {ProcessId}) is ready after {ElapsedMilliseconds} ms")]
    public static partial void Ready(ILogger logger, string name, int processId, long elapsedMilliseconds);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Azurite {Name} could not bind port {Port}, retrying with another port")]
    public static partial void PortTaken(ILogger logger, string name, int port);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Stopping Azurite {Name} (pid {ProcessId})")]
    public static partial void Stopping(ILogger logger, string name, int processId);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Azurite {Name} (pid {ProcessId}) did not shut down within {Timeout}; killed it")]
    public static partial void StopTimedOut(ILogger logger, string name, int processId, TimeSpan timeout);
}
