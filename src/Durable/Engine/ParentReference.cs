namespace Serverless.Durable.Engine;

/// <summary>Where a sub-orchestration reports its completion.</summary>
internal sealed record ParentReference(string Name, string InstanceId, int TaskId, int Generation);
