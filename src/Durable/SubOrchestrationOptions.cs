namespace Serverless.Durable;

/// <summary>Options for starting a sub-orchestration, including its instance id (mirrors <c>SubOrchestrationOptions</c>).</summary>
/// <param name="Retry">The retry policy, or null for a single attempt.</param>
/// <param name="InstanceId">The child instance id, or null for a deterministic id derived from the parent.</param>
public sealed record SubOrchestrationOptions(RetryPolicy? Retry = null, string? InstanceId = null) : TaskOptions(Retry);
