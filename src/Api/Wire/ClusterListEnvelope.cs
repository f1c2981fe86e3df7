namespace Serverless.Api.Wire;

/// <summary>The body of <c>GET /clusters</c>: always empty, this service has no clusters.</summary>
internal sealed record ClusterListEnvelope(IReadOnlyList<string> Clusters);
