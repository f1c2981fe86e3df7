namespace Serverless.Durable;

/// <summary>Settings of the embedded <see cref="DurableEngine"/>.</summary>
public sealed record DurableEngineOptions
{
    /// <summary>Gets the id this engine writes into the leases it holds; unique per engine process. Defaults to a new GUID.</summary>
    public string EngineId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Gets how many activities run at the same time.</summary>
    public int MaxConcurrentActivities { get; init; } = 8;

    /// <summary>Gets how many orchestration episodes run at the same time.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 4;

    /// <summary>Gets how often the engine looks for work written by other processes (and clients).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets how long a lease on an instance lasts without renewal; another engine takes over an expired lease.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the largest input, output, event payload or custom status accepted, in UTF-8 bytes.</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;

    /// <summary>Gets the largest instance document (metadata + history + inbox) accepted, in UTF-8 bytes.</summary>
    public int MaxHistoryBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Gets the prefix of every document key the engine writes, e.g. "durable/".</summary>
    public string KeyPrefix { get; init; } = "";
}
