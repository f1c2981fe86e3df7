namespace Serverless.Durable.Engine;

/// <summary>The body of an <c>active/{id}</c> index document: an unfinished instance that some engine must drive.</summary>
internal sealed record ActiveMarker(string InstanceId, DateTimeOffset CreatedAt);
