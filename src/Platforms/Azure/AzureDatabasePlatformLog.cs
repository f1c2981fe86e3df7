using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Azure;

/// <summary>Log messages of <see cref="AzureDatabasePlatform"/>: ids, steps and states only.</summary>
internal static partial class AzureDatabasePlatformLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Kind} of server {ServerId} ({ServerName}): step {Step} started")]
    public static partial void StepStarted(ILogger logger, PlatformOperationKind kind, string serverId, string serverName, AzureOperationStep step);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Kind} of server {ServerId}: ARM throttled the request; polling again in {RetryAfter}")]
    public static partial void Throttled(ILogger logger, PlatformOperationKind kind, string serverId, TimeSpan retryAfter);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Could not read the volume use of server {ServerId} over SQL; reporting 0")]
    public static partial void VolumeUnreadable(ILogger logger, string serverId, Exception exception);
}
