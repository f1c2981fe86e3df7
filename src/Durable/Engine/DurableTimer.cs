namespace Serverless.Durable.Engine;

internal sealed record DurableTimer(string InstanceId, int Generation, int TaskId, DateTime FireAt);
