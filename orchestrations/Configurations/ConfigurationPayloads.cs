namespace Serverless.Orchestrations.Configurations;

/// <summary>Input of <c>ConfigureInstance</c> and its activity: the instance whose server gets its group's values now.</summary>
internal sealed record ConfigureInstanceInput(string ProjectId, string InstanceId, string OperationId);
