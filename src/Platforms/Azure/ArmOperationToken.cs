namespace Serverless.Platforms.Azure;

/// <summary>
/// Everything needed to follow a long-running ARM operation after it was started, also from another
/// process: a durable orchestration keeps it in its history and, after a host restart, passes it to
/// <see cref="FlexibleServerClient.PollAsync"/> again instead of starting the operation a second time.
/// It holds no secret (polling URLs carry none) and serializes with <see cref="AzureJsonContext"/>.
/// </summary>
/// <param name="Kind">What the operation does.</param>
/// <param name="ResourceId">The ARM id of the resource it acts on (server, firewall rule).</param>
/// <param name="Mode">How to poll it.</param>
/// <param name="PollingUrl">The <c>Azure-AsyncOperation</c> or <c>Location</c> URL; null for the other modes.</param>
/// <param name="StartedAt">When the operation was started (or taken up again), as the client's clock saw it.</param>
public sealed record ArmOperationToken(
    ArmOperationKind Kind,
    string ResourceId,
    ArmPollingMode Mode,
    Uri? PollingUrl,
    DateTimeOffset StartedAt);
