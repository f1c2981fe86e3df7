using Microsoft.Extensions.Logging;

namespace Serverless.Durable.Engine;

internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Error, "Durable engine {EngineId} failed processing orchestration {InstanceId}")]
    public static partial void ProcessingFailed(ILogger logger, string engineId, string instanceId, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Durable engine {EngineId} background loop {Loop} failed")]
    public static partial void LoopFailed(ILogger logger, string engineId, string loop, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Orchestration {InstanceId} ({Name}) is {Status}")]
    public static partial void InstanceFinished(ILogger logger, string instanceId, string name, OrchestrationRuntimeStatus status);
}
