namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// The catalog's record of an operation (<c>projects/{projectId}/operations/{id}</c>). While it runs, the
/// current step and progress come from the orchestration's custom status; its end state is written here.
/// </summary>
internal sealed record OperationDocument(
    string Id,
    string ProjectId,
    string InstanceId,
    string Kind,
    string Status,
    string OrchestrationId,
    string? CurrentStep,
    int ProgressPercent,
    string? Error,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    /// <summary>What the operation did beyond its steps, for example what a <c>reset-status</c> interrupted; null for nothing.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// What a step that must not run twice recorded when it finished (for example a replica's seed GTID), so that a
    /// duplicate delivery of the step returns it instead of doing the work again.
    /// </summary>
    public string? Checkpoint { get; init; }

    public OperationView ToView() => new(Id, ProjectId, InstanceId, Kind, Status, CurrentStep, ProgressPercent, Error, Created, Updated) { Note = Note };
}
