using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using CorePurgeInstanceFilter = DurableTask.Core.PurgeInstanceFilter;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using DtPurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Serverless.Durable.Hosting;

/// <summary>
/// A Microsoft.DurableTask client straight over the Azure Storage provider: the same task hub the local worker runs,
/// reached without a sidecar. Payloads go through the client's <see cref="DataConverter"/>, as the worker's do.
/// </summary>
/// <remarks>
/// The provider keeps only <c>FailureDetails.ToString()</c> as a failed instance's output, so failure details are
/// rebuilt from it (type and message; the stack trace is gone). Waiting polls the instance table at
/// <see cref="DurableRuntimeOptions.ClientPollInterval"/> (the framework's own wait polls every 2 s). Scheduling with
/// the id of a pending, running or suspended instance does nothing and returns the id, so a retried request never
/// starts the same work twice; an instance that has ended is started afresh under its id.
/// </remarks>
internal sealed class LocalDurableTaskClient(
    string name, AzureStorageOrchestrationService service, IOptionsMonitor<DurableTaskClientOptions> options, DurableRuntimeOptions runtime)
    : DurableTaskClient(name)
{
    // A schedule with the id of a live instance must not start it a second time.
    private static readonly CoreStatus[] LiveStatuses = [CoreStatus.Pending, CoreStatus.Running, CoreStatus.Suspended];

    private DataConverter Converter => options.Get(Name).DataConverter;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name, nameof(orchestratorName));
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, Converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(tag => tag.Key, tag => tag.Value) ?? [],
        };
        // The provider leaves a live instance with this id alone and returns quietly: a retried schedule is a no-op.
        await service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, LiveStatuses).ConfigureAwait(false);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendAsync(instanceId, new EventRaisedEvent(-1, Converter.Serialize(eventPayload)) { Name = eventName });
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason));

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason));

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return service.ForceTerminateTaskOrchestrationAsync(instanceId, Converter.Serialize(options?.Output));
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs).ConfigureAwait(false);
        return states.FirstOrDefault() is { } state ? ToMetadata(state, getInputsAndOutputs) : null;
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, metadata => metadata.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, metadata => metadata.IsCompleted, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            var query = new CoreQuery
            {
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                RuntimeStatus = filter?.Statuses?.Select(status => (CoreStatus)status).ToList(),
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await service.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            var page = result.OrchestrationState.Select(state => ToMetadata(state, query.FetchInputsAndOutputs)).ToList();
            return new Page<OrchestrationMetadata>(page, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });

    public override async Task<DtPurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var result = await ((IOrchestrationServicePurgeClient)service).PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new DtPurgeResult(result.DeletedInstanceCount);
    }

    public override async Task<DtPurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var coreFilter = new CorePurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(status => (CoreStatus)status));
        var result = await ((IOrchestrationServicePurgeClient)service).PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return new DtPurgeResult(result.DeletedInstanceCount);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Rebuilds failure details from what the provider keeps of them: <c>"{ErrorType}: {ErrorMessage}"</c>.</summary>
    internal static TaskFailureDetails? FailureOf(OrchestrationState state)
    {
        if (state.FailureDetails is { } details)
        {
            return new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, InnerFailure: null, Properties: null);
        }

        if (state.OrchestrationStatus != CoreStatus.Failed || state.Output is not { Length: > 0 } text)
        {
            return null;
        }

        var separator = text.IndexOf(": ", StringComparison.Ordinal);
        return separator > 0
            ? new TaskFailureDetails(text[..separator], text[(separator + 2)..], StackTrace: null, InnerFailure: null, Properties: null)
            : new TaskFailureDetails("Unknown", text, StackTrace: null, InnerFailure: null, Properties: null);
    }

    private Task SendAsync(string instanceId, HistoryEvent message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return service.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = message });
    }

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"There is no orchestration instance with id '{instanceId}'.");
            if (done(metadata))
            {
                return metadata;
            }

            await Task.Delay(runtime.ClientPollInterval, cancellation).ConfigureAwait(false);
        }
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool withPayloads) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            // A converter marks the payloads as fetched: ReadInputAs and friends refuse to read them otherwise.
            DataConverter = withPayloads ? Converter : null,

            // Same numbers in both enums (Running 0 … Suspended 7).
            RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            SerializedInput = withPayloads ? state.Input : null,
            SerializedOutput = withPayloads && state.OrchestrationStatus != CoreStatus.Failed ? state.Output : null,
            SerializedCustomStatus = withPayloads ? state.Status : null,
            FailureDetails = withPayloads ? FailureOf(state) : null,
            Tags = state.Tags is { } tags ? new Dictionary<string, string>(tags) : new Dictionary<string, string>(),
        };
}
