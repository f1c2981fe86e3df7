namespace Serverless.Durable;

/// <summary>A filter for listing orchestration instances (mirrors Durable Task's <c>OrchestrationQuery</c>).</summary>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created at or before this time.</param>
/// <param name="Statuses">Only instances in one of these statuses.</param>
/// <param name="InstanceIdPrefix">Only instances whose id starts with this prefix.</param>
/// <param name="PageSize">The maximum number of instances in one page.</param>
/// <param name="FetchInputsAndOutputs">Whether inputs, outputs, custom status and failure details are returned.</param>
/// <param name="ContinuationToken">The token of the previous page, or null for the first page.</param>
public sealed record OrchestrationQuery(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
    string? InstanceIdPrefix = null,
    int PageSize = OrchestrationQuery.DefaultPageSize,
    bool FetchInputsAndOutputs = false,
    string? ContinuationToken = null)
{
    /// <summary>The default page size.</summary>
    public const int DefaultPageSize = 100;
}
