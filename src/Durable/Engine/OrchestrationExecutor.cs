using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Serverless.Durable.Engine;

/// <summary>
/// Replays one instance's history through its orchestrator code and collects what the code asks for next. Lives
/// for one episode; runs the code on the calling thread under <see cref="OrchestrationSynchronizationContext"/>.
/// </summary>
internal sealed class OrchestrationExecutor : IOrchestrationContext
{
    // RFC 4122 URL namespace; the name hashed under it is instance id, execution generation and a counter.
    private static readonly Guid GuidNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private readonly OrchestratorBase _orchestrator;
    private readonly JsonSerializerOptions _serializer;
    private readonly int _maxPayloadBytes;
    private readonly ILoggerFactory _loggerFactory;
    private readonly int _generation;
    private readonly List<PendingAction> _actions = [];
    private readonly Dictionary<string, Queue<string?>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private int _threadId;
    private int _guidCounter;
    private string? _input;
    private Task<string?>? _main;
    private bool _continueAsNew;
    private string? _newInput;
    private bool _preserveUnprocessedEvents;
    private bool _customStatusSet;
    private string? _customStatus;

    public OrchestrationExecutor(InstanceDocument instance, OrchestratorBase orchestrator, JsonSerializerOptions serializer, int maxPayloadBytes, ILoggerFactory loggerFactory)
    {
        InstanceId = instance.InstanceId;
        Name = instance.Name;
        Parent = instance.Parent is { } p ? new ParentOrchestrationInstance(p.Name, p.InstanceId) : null;
        _generation = instance.Generation;
        _orchestrator = orchestrator;
        _serializer = serializer;
        _maxPayloadBytes = maxPayloadBytes;
        _loggerFactory = loggerFactory;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public ParentOrchestrationInstance? Parent { get; }

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying { get; private set; }

    public ExecutionOutcome Execute(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> fresh)
    {
        var context = new OrchestrationSynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        _threadId = Environment.CurrentManagedThreadId;
        var remaining = new List<HistoryEvent>();
        try
        {
            var total = past.Count + fresh.Count;
            for (var i = 0; i < total; i++)
            {
                var e = i < past.Count ? past[i] : fresh[i - past.Count];
                if (_main is { IsCompleted: true })
                {
                    if (e.Kind == HistoryEventKind.EventRaised)
                    {
                        remaining.Add(e);
                    }

                    continue;
                }

                IsReplaying = i < past.Count;
                Apply(e);
                context.Drain();
            }
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            return Finish(ExecutionOutcomeKind.Failed, null, TaskFailureDetails.FromException(ex));
        }
        finally
        {
            IsReplaying = false;
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (_main is null)
        {
            return Finish(ExecutionOutcomeKind.Running, null, null);
        }

        if (!_main.IsCompleted)
        {
            var newActions = _actions.Where(a => !a.Recorded).Select(a => a.Scheduled).ToList();
            return Finish(ExecutionOutcomeKind.Running, null, null, newActions);
        }

        if (_main.IsFaulted)
        {
            var error = _main.Exception!.InnerExceptions.Count == 1 ? _main.Exception.InnerException! : _main.Exception;
            return Finish(ExecutionOutcomeKind.Failed, null, TaskFailureDetails.FromException(error));
        }

        if (_main.IsCanceled)
        {
            return Finish(ExecutionOutcomeKind.Failed, null, new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestrator's task was canceled.", null, null));
        }

        if (_continueAsNew)
        {
            var carried = new List<HistoryEvent>();
            foreach (var (name, queue) in _bufferedEvents)
            {
                carried.AddRange(queue.Select(payload => new HistoryEvent { Kind = HistoryEventKind.EventRaised, Name = name, Payload = payload }));
            }

            carried.AddRange(remaining);
            return new ExecutionOutcome(ExecutionOutcomeKind.ContinuedAsNew, _newInput, null, [], carried, _preserveUnprocessedEvents, _customStatusSet, _customStatus);
        }

        var output = _main.Result;
        if (output is not null && Encoding.UTF8.GetByteCount(output) > _maxPayloadBytes)
        {
            var tooLarge = new PayloadTooLargeException($"output of orchestration '{InstanceId}'", Encoding.UTF8.GetByteCount(output), _maxPayloadBytes);
            return Finish(ExecutionOutcomeKind.Failed, null, TaskFailureDetails.FromException(tooLarge));
        }

        return Finish(ExecutionOutcomeKind.Completed, output, null);
    }

    public T? GetInput<T>() => _input is null ? default : PayloadSerializer.Deserialize<T>(_input, _serializer);

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        var json = await CallWithRetryAsync(HistoryEventKind.TaskScheduled, name, input, options);
        return json is null ? default! : PayloadSerializer.Deserialize<TResult>(json, _serializer)!;
    }

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => CallWithRetryAsync(HistoryEventKind.TaskScheduled, name, input, options);

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var json = await CallWithRetryAsync(HistoryEventKind.SubOrchestrationCreated, orchestratorName, input, options);
        return json is null ? default! : PayloadSerializer.Deserialize<TResult>(json, _serializer)!;
    }

    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null)
        => CallWithRetryAsync(HistoryEventKind.SubOrchestrationCreated, orchestratorName, input, options);

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        CheckThread();
        var action = AddAction(new HistoryEvent { Kind = HistoryEventKind.TimerCreated, Name = "timer", FireAt = DateTime.SpecifyKind(fireAt, DateTimeKind.Utc) });
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => action.Completion.TrySetCanceled(cancellationToken));
        }

        return action.Completion.Task;
    }

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => CreateTimer(CurrentUtcDateTime + delay, cancellationToken);

    public async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        var json = await WaitForEventRaw(eventName, cancellationToken);
        return json is null ? default! : PayloadSerializer.Deserialize<T>(json, _serializer)!;
    }

    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource();
        var timer = CreateTimer(CurrentUtcDateTime + timeout, cancel.Token);
        var received = WaitForEventRaw(eventName, cancel.Token);
        var winner = await Task.WhenAny(timer, received);
        if (winner == received && received.IsCompletedSuccessfully)
        {
            CancelInline(cancel);
            var json = received.Result;
            return json is null ? default! : PayloadSerializer.Deserialize<T>(json, _serializer)!;
        }

        CancelInline(cancel);
        throw new TaskCanceledException($"Orchestration '{InstanceId}' timed out after {timeout} waiting for external event '{eventName}'.");
    }

    public void SetCustomStatus(object? customStatus)
    {
        CheckThread();
        var json = PayloadSerializer.Serialize(customStatus, _serializer);
        CheckSize(json, $"custom status of orchestration '{InstanceId}'");
        _customStatus = json;
        _customStatusSet = true;
    }

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        CheckThread();
        var json = PayloadSerializer.Serialize(newInput, _serializer);
        CheckSize(json, $"continue-as-new input of orchestration '{InstanceId}'");
        _continueAsNew = true;
        _newInput = json;
        _preserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public Guid NewGuid()
    {
        CheckThread();
        var name = Encoding.UTF8.GetBytes($"{InstanceId}|{_generation}|{_guidCounter++}");
        var ns = GuidNamespace.ToByteArray(bigEndian: true);
#pragma warning disable CA5350 // RFC 4122 version-5 GUIDs are defined over SHA-1; identity, not security.
        var hash = SHA1.HashData([.. ns, .. name]);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), this);

    // Cancellation callbacks must run on the orchestrator thread, in order: never CancelAsync here.
    private static void CancelInline(CancellationTokenSource source) => source.Cancel();

    private ExecutionOutcome Finish(ExecutionOutcomeKind kind, string? output, TaskFailureDetails? failure, IReadOnlyList<HistoryEvent>? newActions = null)
        => new(kind, output, failure, newActions ?? [], [], false, _customStatusSet, _customStatus);

    private void Apply(HistoryEvent e)
    {
        switch (e.Kind)
        {
            case HistoryEventKind.OrchestratorStarted:
                CurrentUtcDateTime = e.Timestamp;
                break;
            case HistoryEventKind.ExecutionStarted:
                if (_main is null)
                {
                    _input = e.Payload;
                    _main = _orchestrator.RunSerializedAsync(this, _input, _serializer);
                }

                break;
            case HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated or HistoryEventKind.SubOrchestrationCreated:
                if (e.TaskId >= _actions.Count)
                {
                    throw new NonDeterministicOrchestrationException(InstanceId, e.TaskId, PendingAction.Describe(e), "nothing");
                }

                var action = _actions[e.TaskId];
                if (!action.Matches(e))
                {
                    throw new NonDeterministicOrchestrationException(InstanceId, e.TaskId, PendingAction.Describe(e), action.Describe());
                }

                action.Recorded = true;
                break;
            case HistoryEventKind.TaskCompleted or HistoryEventKind.TimerFired or HistoryEventKind.SubOrchestrationCompleted:
                if (e.TaskId >= 0 && e.TaskId < _actions.Count)
                {
                    _actions[e.TaskId].Completion.TrySetResult(e.Payload);
                }

                break;
            case HistoryEventKind.TaskFailed or HistoryEventKind.SubOrchestrationFailed:
                if (e.TaskId >= 0 && e.TaskId < _actions.Count)
                {
                    var failed = _actions[e.TaskId];
                    var details = e.Failure ?? new TaskFailureDetails("Unknown", "The task failed without details.", null, null);
                    failed.Completion.TrySetException(new TaskFailedException(failed.Scheduled.Name ?? "", e.TaskId, details));
                }

                break;
            case HistoryEventKind.EventRaised:
                Deliver(e.Name ?? "", e.Payload);
                break;
        }
    }

    private void Deliver(string name, string? payload)
    {
        if (_waiters.TryGetValue(name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult(payload);
            return;
        }

        if (!_bufferedEvents.TryGetValue(name, out var queue))
        {
            _bufferedEvents[name] = queue = new Queue<string?>();
        }

        queue.Enqueue(payload);
    }

    private Task<string?> WaitForEventRaw(string eventName, CancellationToken cancellationToken)
    {
        CheckThread();
        if (_bufferedEvents.TryGetValue(eventName, out var queue) && queue.TryDequeue(out var buffered))
        {
            return Task.FromResult(buffered);
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var waiters))
        {
            _waiters[eventName] = waiters = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = waiters.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                }

                waiter.TrySetCanceled(cancellationToken);
            });
        }

        return waiter.Task;
    }

    private async Task<string?> CallWithRetryAsync(HistoryEventKind kind, string name, object? input, TaskOptions? options)
    {
        CheckThread();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var json = PayloadSerializer.Serialize(input, _serializer);
        var what = kind == HistoryEventKind.TaskScheduled ? "activity" : "sub-orchestration";
        CheckSize(json, $"input of {what} '{name}' in orchestration '{InstanceId}'");
        var policy = options?.Retry;
        var firstAttemptAt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Schedule(kind, name, json, options);
            }
            catch (TaskFailedException ex) when (policy is not null && attempt < policy.MaxNumberOfAttempts && policy.HandleFailure(ex.FailureDetails))
            {
                var delay = policy.GetRetryDelay(attempt);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime + delay > firstAttemptAt + policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(CurrentUtcDateTime + delay, CancellationToken.None);
            }
        }
    }

    private Task<string?> Schedule(HistoryEventKind kind, string name, string? input, TaskOptions? options)
    {
        var scheduled = new HistoryEvent { Kind = kind, Name = name, Payload = input };
        var action = AddAction(scheduled);
        if (kind == HistoryEventKind.SubOrchestrationCreated)
        {
            scheduled.InstanceId = (options as SubOrchestrationOptions)?.InstanceId ?? $"{InstanceId}:{_generation}:{scheduled.TaskId}";
        }

        return action.Completion.Task;
    }

    private PendingAction AddAction(HistoryEvent scheduled)
    {
        scheduled.TaskId = _actions.Count;
        scheduled.Generation = _generation;
        scheduled.Timestamp = CurrentUtcDateTime;
        var action = new PendingAction { Scheduled = scheduled };
        _actions.Add(action);
        return action;
    }

    private void CheckSize(string? json, string what)
    {
        if (json is not null && json.Length > _maxPayloadBytes / 3)
        {
            var size = Encoding.UTF8.GetByteCount(json);
            if (size > _maxPayloadBytes)
            {
                throw new PayloadTooLargeException(what, size, _maxPayloadBytes);
            }
        }
    }

    private void CheckThread()
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException($"The orchestration context of '{InstanceId}' was used from another thread; orchestrator code must await only tasks the context created, without Task.Run or ConfigureAwait(false).");
        }
    }
}
