using DurableTask.Core;
using Microsoft.DurableTask;

namespace Serverless.Durable.Hosting;

/// <summary>
/// Creates the Microsoft.DurableTask shim of an orchestrator when its episode starts, because only then does the
/// dispatcher know the parent instance that <c>TaskOrchestrationContext.Parent</c> reports.
/// </summary>
internal sealed class ParentAwareTaskOrchestration(Func<ParentOrchestrationInstance?, TaskOrchestration> create) : TaskOrchestration
{
    private TaskOrchestration? _inner;

    /// <summary>Gets or sets the parent instance; set by the dispatcher middleware before the episode runs.</summary>
    public ParentOrchestrationInstance? Parent { get; set; }

    public override Task<string> Execute(OrchestrationContext context, string input) =>
        (_inner ??= create(Parent)).Execute(context, input);

    public override string? GetStatus() => _inner?.GetStatus();

    public override void RaiseEvent(OrchestrationContext context, string name, string input) =>
        _inner?.RaiseEvent(context, name, input);
}
