namespace Serverless.Orchestrations.Catalog;

/// <summary>A long-running operation on an instance, as clients poll it.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="InstanceId">The instance the operation works on.</param>
/// <param name="Kind">One of <see cref="OperationKind"/>: <c>create</c>, <c>restart</c>, <c>delete</c>, <c>backup</c>.</param>
/// <param name="Status">One of <see cref="OperationStatus"/>: <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>.</param>
/// <param name="CurrentStep">The step running now, or the last step reached; null before the first step.</param>
/// <param name="ProgressPercent">0-100; 100 once completed.</param>
/// <param name="Error">Why the operation failed; null otherwise. Never holds a secret.</param>
/// <param name="Created">When the operation was accepted.</param>
/// <param name="Updated">When the operation last changed.</param>
public sealed record OperationView(
    string Id,
    string ProjectId,
    string InstanceId,
    string Kind,
    string Status,
    string? CurrentStep,
    int ProgressPercent,
    string? Error,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    /// <summary>What the operation did beyond its steps, for example what a <c>reset-status</c> interrupted; null for nothing.</summary>
    public string? Note { get; init; }
}
