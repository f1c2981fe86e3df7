namespace Serverless.Durable;

/// <summary>One page of an instance listing.</summary>
/// <param name="Values">The instances on this page.</param>
/// <param name="ContinuationToken">Pass this in <see cref="OrchestrationQuery.ContinuationToken"/> for the next page; null on the last page.</param>
public sealed record OrchestrationPage(IReadOnlyList<OrchestrationMetadata> Values, string? ContinuationToken);
