namespace Serverless.LocalHost;

/// <summary>The local service's own log events.</summary>
internal static partial class LocalHostLog
{
    [LoggerMessage(1, LogLevel.Information, "Reconciled database server {ServerId}: {State}")]
    public static partial void ServerReconciled(ILogger logger, string serverId, string state);

    [LoggerMessage(2, LogLevel.Warning, "Database server {ServerId} is {State}: {Reason}. Its instance cannot serve clients; delete it and create it again")]
    public static partial void ServerUnavailable(ILogger logger, string serverId, string state, string reason);

    [LoggerMessage(3, LogLevel.Information, "Stopping: API, durable worker, Azurite (database servers keep running)")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "Half-started operation settled: {Outcome}")]
    public static partial void OperationSettled(ILogger logger, string outcome);
}
