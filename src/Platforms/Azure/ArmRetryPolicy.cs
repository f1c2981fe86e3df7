using System.Runtime.ExceptionServices;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Retries requests ARM answered with 408, 429 or 5xx (and transport failures) after the wait ARM asked for
/// (<c>Retry-After</c>) or an exponential back-off. Replaces the Azure SDK's retry policy because that one waits with
/// <see cref="Task.Delay(TimeSpan, CancellationToken)"/>: this one waits on a <see cref="TimeProvider"/>, so the waits
/// are observable, and it does not sit out a <c>Retry-After</c> longer than <see cref="FlexibleServerClientOptions.MaxRetryWait"/>
/// but hands the 429 back, for the caller to wait durably.
/// </summary>
internal sealed class ArmRetryPolicy(FlexibleServerClientOptions options) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The Flexible Server client sends its ARM requests asynchronously only.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        for (var retry = 0; ; retry++)
        {
            ExceptionDispatchInfo? failure = null;
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            catch (Exception e) when (!message.CancellationToken.IsCancellationRequested && message.ResponseClassifier.IsRetriable(message, e))
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            var retriable = failure is not null || (message.HasResponse && message.ResponseClassifier.IsRetriableResponse(message));
            if (!retriable || retry >= options.MaxRetries)
            {
                failure?.Throw();
                return;
            }

            var delay = (failure is null ? RetryAfterHeader.Read(message.Response, options.TimeProvider) : null) ?? Backoff(retry);
            if (delay > options.MaxRetryWait)
            {
                failure?.Throw();
                return;
            }

            if (message.HasResponse)
            {
                // Frees the connection of the answer that is dropped.
                message.Response.ContentStream?.Dispose();
            }

            await Task.Delay(delay, options.TimeProvider, message.CancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int retryNumber)
    {
        // Exponential with ±20 % jitter, so that many activities throttled together do not come back together.
        var exponential = options.RetryBaseDelay * Math.Pow(2, Math.Min(retryNumber, 16));
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return jittered < options.MaxRetryWait ? jittered : options.MaxRetryWait;
    }
}
