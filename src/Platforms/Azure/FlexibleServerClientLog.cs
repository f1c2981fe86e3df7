using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Azure;

/// <summary>Log messages of <see cref="FlexibleServerClient"/>: ids, kinds and states only, never a body or a token.</summary>
internal static partial class FlexibleServerClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "ARM operation {Kind} on {ResourceId} started (ARM answered {Status}; polling by {Mode})")]
    public static partial void OperationStarted(ILogger logger, ArmOperationKind kind, string resourceId, int status, ArmPollingMode mode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "ARM operation {Kind} on {ResourceId} not started again: {Reason}")]
    public static partial void OperationAlreadyDone(ILogger logger, ArmOperationKind kind, string resourceId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "ARM operation {Kind} on {ResourceId} is {State}; next poll in {RetryAfter}")]
    public static partial void OperationPolled(ILogger logger, ArmOperationKind kind, string resourceId, ArmOperationState state, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "ARM operation {Kind} on {ResourceId} failed: {ErrorCode}: {ErrorMessage}")]
    public static partial void OperationFailed(ILogger logger, ArmOperationKind kind, string resourceId, string? errorCode, string? errorMessage);
}
