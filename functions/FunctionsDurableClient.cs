using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions;

/// <summary>
/// The <see cref="DurableTaskClient"/> the control plane's services get from dependency injection under the Functions
/// host. The Durable extension hands out its client only through <c>[DurableClient]</c> bindings, so every HTTP
/// function gives this one the client it was bound (the extension keeps one per task hub) before the route runs, and
/// every call is forwarded to it.
/// </summary>
internal sealed class FunctionsDurableClient() : DurableTaskClient("functions")
{
    private DurableTaskClient? _bound;

    /// <summary>Takes the client the Functions host bound to the current invocation.</summary>
    public void Bind(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Volatile.Write(ref _bound, client);
    }

    private DurableTaskClient Bound => Volatile.Read(ref _bound)
        ?? throw new InvalidOperationException("No durable client has been bound yet: only HTTP functions with a [DurableClient] parameter may start or read orchestrations.");

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        Bound.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Bound.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Bound.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Bound.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Bound.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Bound.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Bound.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Bound.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Bound.GetAllInstancesAsync(filter);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Bound.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Bound.PurgeAllInstancesAsync(filter, options, cancellation);

    // The bound clients belong to the extension, which disposes of them.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
