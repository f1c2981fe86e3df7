using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>
/// Log events of the local servers (<see cref="MariaDbServer"/>, <see cref="AzuriteServer"/>) and of
/// the orphan sweeper; <c>{Kind}</c> is <see cref="LocalServerKind.DisplayName"/>. None of them
/// carries a password or key.
/// </summary>
internal static partial class LocalServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Starting {Kind} server {Name} on {Address} (state {StateDirectory})")]
    public static partial void Starting(ILogger logger, string kind, string name, string address, string stateDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Kind} server {Name} (pid {ProcessId}) is ready after {ElapsedMilliseconds} ms")]
    public static partial void Ready(ILogger logger, string kind, string name, int processId, long elapsedMilliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Kind} server {Name} could not bind port {Port}, retrying with another port")]
    public static partial void PortTaken(ILogger logger, string kind, string name, int port);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Stopping {Kind} server {Name} (pid {ProcessId})")]
    public static partial void Stopping(ILogger logger, string kind, string name, int processId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Kind} server {Name} (pid {ProcessId}) did not shut down within {Timeout}; killed it")]
    public static partial void StopTimedOut(ILogger logger, string kind, string name, int processId, TimeSpan timeout);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Stopping leftover {Kind} server {ProcessId} on state directory {StateDirectory}")]
    public static partial void StoppingLeftover(ILogger logger, string kind, int processId, string stateDirectory);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Removed orphaned {Kind} state {StateDirectory} (dead owner {OwnerProcessId}, server {ServerProcessId})")]
    public static partial void SweptOrphan(ILogger logger, string kind, string stateDirectory, int ownerProcessId, int serverProcessId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Could not sweep {Kind} state {StateDirectory}")]
    public static partial void SweepFailed(ILogger logger, string kind, string stateDirectory, Exception exception);
}
