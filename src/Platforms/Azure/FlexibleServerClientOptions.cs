using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Azure;

/// <summary>Where <see cref="FlexibleServerClient"/> manages servers, and how it talks to Azure Resource Manager.</summary>
public sealed class FlexibleServerClientOptions
{
    /// <summary>The public cloud's Resource Manager endpoint.</summary>
    public static readonly Uri PublicCloudEndpoint = new("https://management.azure.com/");

    /// <summary>The subscription of the servers (a GUID).</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>The resource group of the servers; replicas land in their source's group, which must be this one.</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>The Resource Manager endpoint (https); the public cloud's by default, another for a sovereign cloud or a test.</summary>
    public Uri ResourceManagerEndpoint { get; init; } = PublicCloudEndpoint;

    /// <summary>The audience tokens are requested for; null takes <see cref="ResourceManagerEndpoint"/>, which is right for Azure's clouds.</summary>
    public string? Audience { get; init; }

    /// <summary>How often requests are retried after a 408, 429, 5xx or a transport failure, each time after ARM's <c>Retry-After</c> or an exponential back-off.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>
    /// The longest wait between two tries of one request. When ARM asks for more (<c>Retry-After</c> on a 429), the request
    /// is not retried in process: <see cref="ArmThrottledException"/> tells the caller how long to wait, so that a durable
    /// orchestration can wait with a durable timer instead of holding an activity.
    /// </summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first back-off when ARM sent no <c>Retry-After</c>; it doubles with each retry up to <see cref="MaxRetryWait"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait between polls of an operation when ARM's answer carries no <c>Retry-After</c>.</summary>
    public TimeSpan DefaultPollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The clock for back-off waits and <c>Retry-After</c> dates; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The HTTP transport; null for the Azure SDK's default. Tests set one that trusts their own certificate.</summary>
    public HttpPipelineTransport? Transport { get; init; }

    /// <summary>Where operations are logged (ids, kinds and states only: never a body or a token); null for none.</summary>
    public ILogger? Logger { get; init; }
}
