namespace Serverless.Durable;

/// <summary>Identifies the parent of a sub-orchestration.</summary>
/// <param name="Name">The parent's orchestrator name.</param>
/// <param name="InstanceId">The parent's instance id.</param>
public sealed record ParentOrchestrationInstance(string Name, string InstanceId);
