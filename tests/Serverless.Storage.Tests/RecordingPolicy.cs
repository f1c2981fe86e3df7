using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Storage.Tests;

/// <summary>Records every request that reaches the transport, and how many were in flight at once.</summary>
internal sealed class RecordingPolicy : HttpPipelinePolicy
{
    private int inFlight;
    private int maxInFlight;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private void Record(HttpMessage message)
    {
        var request = message.Request;
        var headers = request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(request.Method.Method, request.Uri.ToUri(), headers));
        var now = Interlocked.Increment(ref inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }
    }
}

/// <summary>One request as <see cref="RecordingPolicy"/> saw it.</summary>
internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers);
