namespace Serverless.Durable;

/// <summary>The outcome of a purge (mirrors Durable Task's <c>PurgeResult</c>).</summary>
/// <param name="PurgedInstanceCount">How many instances were removed.</param>
public sealed record PurgeResult(int PurgedInstanceCount);
