using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local.Instances;

/// <summary>Log events of the local platform. None of them carries a password.</summary>
internal static partial class LocalDatabasePlatformLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Server {ServerId} runs on {Host}:{Port} (pid {ProcessId})")]
    public static partial void Started(ILogger logger, string serverId, string host, int port, int processId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Server {ServerId} could not bind {Host}:{Port}, trying another address")]
    public static partial void AddressTaken(ILogger logger, string serverId, string host, int port);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Server {ServerId} found running from an earlier host run (pid {ProcessId})")]
    public static partial void Adopted(ILogger logger, string serverId, int processId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Server {ServerId} should run and does not; starting it again")]
    public static partial void Restarting(ILogger logger, string serverId);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Server {ServerId} has lost its data directory {DataDirectory}; reported missing")]
    public static partial void DataMissing(ILogger logger, string serverId, string dataDirectory);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "Server {ServerId} could not be started while reconciling")]
    public static partial void ReconcileStartFailed(ILogger logger, string serverId, Exception exception);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Stopping server {ServerId} (pid {ProcessId})")]
    public static partial void Stopping(ILogger logger, string serverId, int processId);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Deleted server {ServerId}")]
    public static partial void Deleted(ILogger logger, string serverId);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information, Message = "Server {ServerId} resized: {RamMegabytes} MB memory, {MaxConnections} connections, {VolumeGigabytes} GB volume")]
    public static partial void Resized(ILogger logger, string serverId, int ramMegabytes, int maxConnections, int volumeGigabytes);
}
