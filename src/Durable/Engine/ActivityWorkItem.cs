namespace Serverless.Durable.Engine;

internal sealed record ActivityWorkItem(string InstanceId, int Generation, int TaskId, string Name, string? Input);
