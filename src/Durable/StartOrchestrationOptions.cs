namespace Serverless.Durable;

/// <summary>Options for starting an orchestration instance (mirrors Durable Task's <c>StartOrchestrationOptions</c>).</summary>
/// <param name="InstanceId">The instance id, or null for a new random id.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null);
