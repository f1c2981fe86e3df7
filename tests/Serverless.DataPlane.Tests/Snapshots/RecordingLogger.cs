using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>Keeps the warnings and errors logged, so a test can assert that a load went through silently.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning)
        {
            Warnings.Enqueue(formatter(state, exception));
        }
    }
}
