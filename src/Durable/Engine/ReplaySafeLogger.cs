using Microsoft.Extensions.Logging;

namespace Serverless.Durable.Engine;

/// <summary>A logger that writes nothing while the orchestration replays recorded history.</summary>
internal sealed class ReplaySafeLogger(ILogger inner, IOrchestrationContext context) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!context.IsReplaying)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
