namespace Serverless.Durable;

/// <summary>Options for scheduling an activity or sub-orchestration (mirrors Durable Task's <c>TaskOptions</c>).</summary>
/// <param name="Retry">The retry policy, or null for a single attempt.</param>
public record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Creates options that retry according to <paramref name="policy"/>.</summary>
    /// <param name="policy">The retry policy.</param>
    /// <returns>The options.</returns>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    /// <summary>Returns sub-orchestration options with these retry settings and the given child instance id.</summary>
    /// <param name="instanceId">The child instance id.</param>
    /// <returns>The options.</returns>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(Retry, instanceId);
}
