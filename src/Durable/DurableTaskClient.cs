using System.Text;
using Serverless.Durable.Engine;
using Serverless.Storage.Documents;

namespace Serverless.Durable;

/// <summary>
/// Starts, queries and controls orchestration instances (mirrors Durable Task's <c>DurableTaskClient</c>). Obtained
/// from <see cref="DurableEngine.Client"/>; every change is a message in the instance's durable inbox.
/// </summary>
public sealed class DurableTaskClient
{
    private readonly DurableEngine _engine;

    internal DurableTaskClient(DurableEngine engine) => _engine = engine;

    private InstanceStore Store => _engine.Store;

    /// <summary>Schedules a new orchestration instance; it is Pending until an engine runs its first episode.</summary>
    /// <param name="orchestratorName">The registered orchestrator name.</param>
    /// <param name="input">The input (JSON-serialized through the registry's resolver), or null.</param>
    /// <param name="options">The instance id to use, or null for a new random id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instance id.</returns>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with that id exists and has not finished.</exception>
    /// <exception cref="PayloadTooLargeException">The input is over the payload limit.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId, nameof(options));
        var json = PayloadSerializer.Serialize(input, _engine.Registry.SerializerOptions);
        CheckSize(json, $"input of new orchestration '{instanceId}' ({orchestratorName})");
        var doc = NewInstance(instanceId, orchestratorName, json, DateTimeOffset.UtcNow, null);
        await Store.MarkActiveAsync(instanceId, cancellationToken);
        if (await Store.CreateOrReplaceFinishedAsync(doc, null, cancellationToken) is { } running)
        {
            throw new OrchestrationAlreadyExistsException(instanceId, running.Status);
        }

        _engine.Wake(instanceId);
        return instanceId;
    }

    /// <summary>Gets an instance's state.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="getInputsAndOutputs">Whether to include input, output, custom status and failure details.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state, or null when there is no such instance.</returns>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var read = await Store.ReadAsync(instanceId, cancellationToken);
        return read is { } found ? ToMetadata(found.Document, getInputsAndOutputs) : null;
    }

    /// <summary>Waits until the instance is Completed, Failed or Terminated. Has no timeout of its own: pass a token.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="getInputsAndOutputs">Whether to include input, output, custom status and failure details.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The final state.</returns>
    /// <exception cref="OrchestrationNotFoundException">There is no such instance.</exception>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var changed = _engine.Changed;
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken)
                ?? throw new OrchestrationNotFoundException(instanceId);
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.WhenAny(changed, Task.Delay(_engine.Options.PollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Sends an external event to an instance; it is buffered until the orchestrator waits for it. Dropped when there is no such instance.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="eventPayload">The payload, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completing once the event is durably queued.</returns>
    /// <exception cref="OrchestrationStateException">The instance has finished.</exception>
    /// <exception cref="PayloadTooLargeException">The payload is over the payload limit.</exception>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var json = PayloadSerializer.Serialize(eventPayload, _engine.Registry.SerializerOptions);
        CheckSize(json, $"payload of event '{eventName}' for orchestration '{instanceId}'");
        var message = new HistoryEvent { Kind = HistoryEventKind.EventRaised, Name = eventName, Payload = json, Timestamp = DateTime.UtcNow };
        if (!await _engine.SendAsync(instanceId, message, cancellationToken)
            && await Store.ReadAsync(instanceId, cancellationToken) is { } existing)
        {
            throw new OrchestrationStateException(instanceId, existing.Document.Status, $"Orchestration '{instanceId}' is {existing.Document.Status}; it no longer accepts event '{eventName}'.");
        }
    }

    /// <summary>Terminates an instance at its next episode. Terminating a finished instance does nothing.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="output">The output recorded for the terminated instance, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completing once the request is durably queued.</returns>
    /// <exception cref="OrchestrationNotFoundException">There is no such instance.</exception>
    public async Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default)
    {
        var json = PayloadSerializer.Serialize(output, _engine.Registry.SerializerOptions);
        CheckSize(json, $"termination output of orchestration '{instanceId}'");
        await SendControlAsync(instanceId, new HistoryEvent { Kind = HistoryEventKind.ExecutionTerminated, Payload = json }, allowTerminal: true, cancellationToken);
    }

    /// <summary>Suspends an instance: it runs no episodes (messages are kept) until resumed.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Why, for the record; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completing once the request is durably queued.</returns>
    /// <exception cref="OrchestrationNotFoundException">There is no such instance.</exception>
    /// <exception cref="OrchestrationStateException">The instance has finished.</exception>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendControlAsync(instanceId, new HistoryEvent { Kind = HistoryEventKind.ExecutionSuspended, Name = reason }, allowTerminal: false, cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Why, for the record; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completing once the request is durably queued.</returns>
    /// <exception cref="OrchestrationNotFoundException">There is no such instance.</exception>
    /// <exception cref="OrchestrationStateException">The instance has finished.</exception>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendControlAsync(instanceId, new HistoryEvent { Kind = HistoryEventKind.ExecutionResumed, Name = reason }, allowTerminal: false, cancellationToken);

    /// <summary>Removes a finished instance and its history.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many instances were removed (0 when there was none).</returns>
    /// <exception cref="OrchestrationStateException">The instance has not finished; terminate it or wait for it first.</exception>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        while (await Store.ReadAsync(instanceId, cancellationToken) is { } existing)
        {
            if (!existing.Document.IsTerminal)
            {
                throw new OrchestrationStateException(instanceId, existing.Document.Status, $"Orchestration '{instanceId}' is {existing.Document.Status}; only Completed, Failed or Terminated instances can be purged. Terminate it or wait for it to finish first.");
            }

            try
            {
                if (await Store.DeleteAsync(instanceId, existing.ETag, cancellationToken))
                {
                    return new PurgeResult(1);
                }
            }
            catch (DocumentChangedException)
            {
            }
        }

        return new PurgeResult(0);
    }

    /// <summary>Lists instances matching <paramref name="query"/>, one page at a time, ordered by instance id.</summary>
    /// <param name="query">The filter, page size and continuation token; null for the first page of everything.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page and the token of the next.</returns>
    public async Task<OrchestrationPage> GetAllInstancesAsync(OrchestrationQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.PageSize);
        var statuses = query.Statuses?.ToHashSet();
        var ids = new List<string>();
        await foreach (var id in Store.ListInstancesAsync(query.InstanceIdPrefix, null, cancellationToken))
        {
            ids.Add(id);
        }

        ids.Sort(StringComparer.Ordinal);
        var page = new List<OrchestrationMetadata>();
        string? token = null;
        foreach (var id in ids)
        {
            if (query.ContinuationToken is { } after && string.CompareOrdinal(id, after) <= 0)
            {
                continue;
            }

            if (page.Count == query.PageSize)
            {
                token = page[^1].InstanceId;
                break;
            }

            if (await Store.ReadAsync(id, cancellationToken) is not { } found)
            {
                continue;
            }

            var doc = found.Document;
            if ((statuses is not null && !statuses.Contains(doc.Status))
                || (query.CreatedFrom is { } from && doc.CreatedAt < from)
                || (query.CreatedTo is { } to && doc.CreatedAt > to))
            {
                continue;
            }

            page.Add(ToMetadata(doc, query.FetchInputsAndOutputs));
        }

        return new OrchestrationPage(page, token);
    }

    internal static InstanceDocument NewInstance(string instanceId, string name, string? input, DateTimeOffset now, ParentReference? parent) => new()
    {
        InstanceId = instanceId,
        Name = name,
        Status = OrchestrationRuntimeStatus.Pending,
        Input = input,
        CreatedAt = now,
        LastUpdatedAt = now,
        Parent = parent,
        Inbox = [new HistoryEvent { Kind = HistoryEventKind.ExecutionStarted, Name = name, Payload = input, Generation = 0, Timestamp = now.UtcDateTime }],
    };

    private async Task SendControlAsync(string instanceId, HistoryEvent message, bool allowTerminal, CancellationToken cancellationToken)
    {
        message.Timestamp = DateTime.UtcNow;
        if (await _engine.SendAsync(instanceId, message, cancellationToken))
        {
            return;
        }

        var existing = await Store.ReadAsync(instanceId, cancellationToken) ?? throw new OrchestrationNotFoundException(instanceId);
        if (!allowTerminal)
        {
            throw new OrchestrationStateException(instanceId, existing.Document.Status, $"Orchestration '{instanceId}' is {existing.Document.Status}; a finished instance cannot be {(message.Kind == HistoryEventKind.ExecutionSuspended ? "suspended" : "resumed")}.");
        }
    }

    private OrchestrationMetadata ToMetadata(InstanceDocument doc, bool full) => new(doc.Name, doc.InstanceId)
    {
        RuntimeStatus = doc.Status,
        CreatedAt = doc.CreatedAt,
        LastUpdatedAt = doc.LastUpdatedAt,
        SerializedInput = full ? doc.Input : null,
        SerializedOutput = full ? doc.Output : null,
        SerializedCustomStatus = full ? doc.CustomStatus : null,
        FailureDetails = full && doc.Status == OrchestrationRuntimeStatus.Failed ? doc.Failure : null,
        InputsAndOutputsFetched = full,
        SerializerOptions = _engine.Registry.SerializerOptions,
    };

    private void CheckSize(string? json, string what)
    {
        if (json is not null && Encoding.UTF8.GetByteCount(json) is var size && size > _engine.Options.MaxPayloadBytes)
        {
            throw new PayloadTooLargeException(what, size, _engine.Options.MaxPayloadBytes);
        }
    }
}
