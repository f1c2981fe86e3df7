namespace Serverless.Api.Wire;

/// <summary>Our extension: a long-running operation with its running step and progress.</summary>
internal sealed record OperationWire(
    string Id,
    string InstanceId,
    string Kind,
    string Status,
    string? CurrentStep,
    int Progress,
    string? Error,
    string Created,
    string Updated,
    IReadOnlyList<Link> Links)
{
    public string? Note { get; init; }
}

internal sealed record OperationEnvelope(OperationWire Operation);

/// <summary><c>GET /instances/{id}/operations</c>: the instance's operations, newest first.</summary>
internal sealed record OperationListEnvelope(IReadOnlyList<OperationWire> Operations);
