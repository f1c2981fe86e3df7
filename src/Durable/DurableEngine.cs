using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Durable.Engine;
using Serverless.Storage.Documents;

namespace Serverless.Durable;

/// <summary>
/// The embedded durable engine: runs orchestrations and activities registered in a <see cref="DurableTaskRegistry"/>
/// with their state in a document store, so that a restart resumes every unfinished instance. Several engines
/// (processes) may share one store: an instance is processed only by the engine holding its lease.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly DurableTaskRegistry _registry;
    private readonly DurableEngineOptions _options;
    private readonly ILogger _logger;
    private readonly EpisodeRunner _runner;
    private readonly ConcurrentDictionary<string, WakeState> _wakes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OwnedInstance> _owned = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly Channel<ActivityWorkItem> _activities = Channel.CreateUnbounded<ActivityWorkItem>();
    private readonly PriorityQueue<DurableTimer, DateTime> _timers = new();
    private readonly SemaphoreSlim _timerSignal = new(0);
    private readonly List<Task> _loops = [];
    private CancellationTokenSource? _stopping;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Initializes a new instance of the <see cref="DurableEngine"/> class.</summary>
    /// <param name="store">Where instance state lives (Blob storage in production, in-memory in tests).</param>
    /// <param name="registry">The orchestrators and activities this engine can run.</param>
    /// <param name="options">Engine settings, or null for the defaults.</param>
    /// <param name="loggerFactory">Logging, or null for none.</param>
    public DurableEngine(IDocumentStore store, DurableTaskRegistry registry, DurableEngineOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _options = options ?? new DurableEngineOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<DurableEngine>();
        Store = new InstanceStore(store, _options.KeyPrefix, _options.MaxHistoryBytes);
        _runner = new EpisodeRunner(registry, _options.MaxPayloadBytes, loggerFactory);
        Client = new DurableTaskClient(this);
    }

    /// <summary>Gets the client that starts, queries and controls instances through this engine.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Gets the settings in use.</summary>
    public DurableEngineOptions Options => _options;

    internal InstanceStore Store { get; }

    internal DurableTaskRegistry Registry => _registry;

    internal Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Starts processing: resumes every unfinished instance in the store, then keeps polling for work.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task completing once the engine runs.</returns>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException("The durable engine is already started.");
        }

        _stopping = new CancellationTokenSource();
        var stop = _stopping.Token;
        for (var i = 0; i < _options.MaxConcurrentOrchestrations; i++)
        {
            _loops.Add(Task.Run(() => RunLoopAsync("episodes", EpisodeLoopAsync, stop), CancellationToken.None));
        }

        for (var i = 0; i < _options.MaxConcurrentActivities; i++)
        {
            _loops.Add(Task.Run(() => RunLoopAsync("activities", ActivityLoopAsync, stop), CancellationToken.None));
        }

        _loops.Add(Task.Run(() => RunLoopAsync("timers", TimerLoopAsync, stop), CancellationToken.None));
        _loops.Add(Task.Run(() => RunLoopAsync("poll", PollLoopAsync, stop), CancellationToken.None));
        _loops.Add(Task.Run(() => RunLoopAsync("leases", LeaseLoopAsync, stop), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Stops processing and releases this engine's leases so another engine can continue at once.</summary>
    /// <param name="cancellationToken">Abandons the graceful part of the stop.</param>
    /// <returns>A task completing once the engine stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        _ready.Writer.TryComplete();
        _activities.Writer.TryComplete();
        await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        foreach (var id in _owned.Keys)
        {
            try
            {
                await Store.UpdateAsync(id, doc =>
                {
                    if (doc.LeaseOwner != _options.EngineId)
                    {
                        return false;
                    }

                    doc.LeaseOwner = null;
                    doc.LeaseExpiresAt = DateTimeOffset.MinValue;
                    return true;
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                EngineLog.ProcessingFailed(_logger, _options.EngineId, id, ex);
            }
        }

        _owned.Clear();
    }

    /// <summary>Stops the engine.</summary>
    /// <returns>A task completing once the engine stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping?.Dispose();
        _timerSignal.Dispose();
    }

    internal void Wake(string instanceId)
    {
        var state = _wakes.GetOrAdd(instanceId, static _ => new WakeState());
        lock (state)
        {
            if (state.Queued || state.Running)
            {
                state.Dirty = true;
                return;
            }

            state.Queued = true;
        }

        _ready.Writer.TryWrite(instanceId);
    }

    internal void SignalChanged() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Adds a message to an instance's inbox (ETag-guarded, retried on conflict) and wakes it.</summary>
    /// <returns>False when the instance does not exist, is finished, or the message belongs to an older execution.</returns>
    internal async Task<bool> SendAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken)
    {
        var accepted = false;
        await Store.UpdateAsync(instanceId, doc =>
        {
            accepted = !doc.IsTerminal && (message.Generation < 0 || message.Generation == doc.Generation);
            if (accepted)
            {
                doc.Inbox.Add(message);
            }

            return accepted;
        }, cancellationToken);
        if (accepted)
        {
            Wake(instanceId);
        }

        return accepted;
    }

    private async Task RunLoopAsync(string name, Func<CancellationToken, Task> loop, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await loop(stop);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ChannelClosedException)
            {
                return;
            }
            catch (Exception ex)
            {
                EngineLog.LoopFailed(_logger, _options.EngineId, name, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
    }

    private async Task EpisodeLoopAsync(CancellationToken stop)
    {
        await foreach (var id in _ready.Reader.ReadAllAsync(stop))
        {
            var state = _wakes.GetOrAdd(id, static _ => new WakeState());
            lock (state)
            {
                state.Queued = false;
                state.Running = true;
                state.Dirty = false;
            }

            try
            {
                await ProcessAsync(id, stop);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                EngineLog.ProcessingFailed(_logger, _options.EngineId, id, ex);
            }
            finally
            {
                bool again;
                lock (state)
                {
                    state.Running = false;
                    again = state.Dirty;
                    state.Dirty = false;
                }

                if (again && !stop.IsCancellationRequested)
                {
                    Wake(id);
                }
            }
        }
    }

    /// <summary>Runs episodes of one instance until its inbox is drained, holding (taking or renewing) its lease.</summary>
    private async Task ProcessAsync(string id, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await Store.ReadAsync(id, stop) is not { } read)
            {
                _owned.TryRemove(id, out _);
                return;
            }

            var (doc, etag) = read;
            var now = DateTimeOffset.UtcNow;
            var heldByOther = doc.LeaseOwner is { } owner && owner != _options.EngineId && doc.LeaseExpiresAt > now;
            if (heldByOther)
            {
                _owned.TryRemove(id, out _);
                return;
            }

            if (doc.IsTerminal)
            {
                _owned.TryRemove(id, out _);
                await FinishAsync(doc, stop);
                return;
            }

            var holding = doc.LeaseOwner == _options.EngineId && _owned.ContainsKey(id);
            bool changed;
            try
            {
                changed = _runner.Run(doc, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Fail(doc, TaskFailureDetails.FromException(ex), now);
                changed = true;
            }

            var renew = !holding || doc.LeaseExpiresAt - now < _options.LeaseDuration / 2;
            if (!changed && !renew)
            {
                DispatchOutstanding(doc, stop);
                return;
            }

            doc.LeaseOwner = doc.IsTerminal ? null : _options.EngineId;
            doc.LeaseExpiresAt = doc.IsTerminal ? DateTimeOffset.MinValue : now + _options.LeaseDuration;
            try
            {
                try
                {
                    await Store.ReplaceAsync(doc, etag, stop);
                }
                catch (PayloadTooLargeException ex)
                {
                    Fail(doc, TaskFailureDetails.FromException(ex), now);
                    doc.LeaseOwner = null;
                    await Store.ReplaceAsync(doc, etag, stop);
                }
            }
            catch (DocumentChangedException)
            {
                continue;
            }
            catch (DocumentNotFoundException)
            {
                _owned.TryRemove(id, out _);
                return;
            }

            SignalChanged();
            if (doc.IsTerminal)
            {
                _owned.TryRemove(id, out _);
                EngineLog.InstanceFinished(_logger, id, doc.Name, doc.Status);
                await FinishAsync(doc, stop);
                return;
            }

            var owned = _owned.GetOrAdd(id, static _ => new OwnedInstance());
            lock (owned)
            {
                owned.LeaseExpiresAt = doc.LeaseExpiresAt;
            }

            DispatchOutstanding(doc, stop);
            await StartChildrenAsync(doc, stop);
            if (doc.Inbox.Count == 0 || doc.Status == OrchestrationRuntimeStatus.Suspended)
            {
                return;
            }
        }
    }

    private static void Fail(InstanceDocument doc, TaskFailureDetails failure, DateTimeOffset now)
    {
        doc.Status = OrchestrationRuntimeStatus.Failed;
        doc.Failure = failure;
        doc.History = [];
        doc.Inbox = [];
        doc.LastUpdatedAt = now;
    }

    /// <summary>Hands out every activity and timer of the current execution that has no recorded result and is not yet handed out.</summary>
    private void DispatchOutstanding(InstanceDocument doc, CancellationToken stop)
    {
        var owned = _owned.GetOrAdd(doc.InstanceId, static _ => new OwnedInstance());
        var completed = doc.History.Concat(doc.Inbox).Where(e => e.IsCompletion && (e.Generation < 0 || e.Generation == doc.Generation)).Select(e => e.TaskId).ToHashSet();
        var addedTimer = false;
        lock (owned)
        {
            if (owned.Generation != doc.Generation)
            {
                owned.Generation = doc.Generation;
                owned.Dispatched.Clear();
            }

            foreach (var e in doc.History)
            {
                if (!e.IsScheduling || e.Kind == HistoryEventKind.SubOrchestrationCreated || completed.Contains(e.TaskId) || !owned.Dispatched.Add(e.TaskId))
                {
                    continue;
                }

                if (e.Kind == HistoryEventKind.TaskScheduled)
                {
                    _activities.Writer.TryWrite(new ActivityWorkItem(doc.InstanceId, doc.Generation, e.TaskId, e.Name ?? "", e.Payload));
                }
                else
                {
                    lock (_timers)
                    {
                        var fireAt = e.FireAt ?? DateTime.UtcNow;
                        _timers.Enqueue(new DurableTimer(doc.InstanceId, doc.Generation, e.TaskId, fireAt), fireAt);
                    }

                    addedTimer = true;
                }
            }
        }

        if (addedTimer && !stop.IsCancellationRequested)
        {
            _timerSignal.Release();
        }
    }

    /// <summary>Creates child instances for sub-orchestrations without a recorded result (idempotent: a child created before a crash is found again).</summary>
    private async Task StartChildrenAsync(InstanceDocument parent, CancellationToken stop)
    {
        var completed = parent.History.Concat(parent.Inbox).Where(e => e.IsCompletion).Select(e => e.TaskId).ToHashSet();
        var owned = _owned.GetOrAdd(parent.InstanceId, static _ => new OwnedInstance());
        foreach (var e in parent.History.Where(e => e.Kind == HistoryEventKind.SubOrchestrationCreated && !completed.Contains(e.TaskId)))
        {
            lock (owned)
            {
                if (!owned.Dispatched.Add(e.TaskId))
                {
                    continue;
                }
            }

            await StartChildAsync(parent, e, stop);
        }
    }

    private async Task StartChildAsync(InstanceDocument parent, HistoryEvent created, CancellationToken stop)
    {
        var childId = created.InstanceId!;
        var now = DateTimeOffset.UtcNow;
        var parentRef = new ParentReference(parent.Name, parent.InstanceId, created.TaskId, parent.Generation);
        var child = DurableTaskClient.NewInstance(childId, created.Name ?? "", created.Payload, now, parentRef);
        await Store.MarkActiveAsync(childId, stop);
        var blocking = await Store.CreateOrReplaceFinishedAsync(child, existing => existing.Parent == parentRef, stop);
        if (blocking is not null && blocking.Parent != parentRef)
        {
            var refused = new OrchestrationAlreadyExistsException(childId, blocking.Status);
            await SendAsync(parent.InstanceId, new HistoryEvent
            {
                Kind = HistoryEventKind.SubOrchestrationFailed,
                TaskId = created.TaskId,
                Generation = parent.Generation,
                Failure = TaskFailureDetails.FromException(refused),
            }, stop);
            return;
        }

        Wake(childId);
    }

    /// <summary>After an instance finished: tell its parent, then drop it from the index of unfinished instances.</summary>
    private async Task FinishAsync(InstanceDocument doc, CancellationToken stop)
    {
        if (doc.Parent is { } parent)
        {
            var message = doc.Status == OrchestrationRuntimeStatus.Completed
                ? new HistoryEvent { Kind = HistoryEventKind.SubOrchestrationCompleted, Payload = doc.Output }
                : new HistoryEvent
                {
                    Kind = HistoryEventKind.SubOrchestrationFailed,
                    Failure = doc.Failure ?? new TaskFailureDetails(typeof(OperationCanceledException).FullName!, $"Sub-orchestration '{doc.InstanceId}' was terminated.", null, null),
                };
            message.TaskId = parent.TaskId;
            message.Generation = parent.Generation;
            await SendAsync(parent.InstanceId, message, stop);
        }

        await Store.UnmarkActiveAsync(doc.InstanceId, stop);

        // A client may have re-created the id meanwhile: keep the new execution in the index.
        if (await Store.ReadAsync(doc.InstanceId, stop) is { } again && !again.Document.IsTerminal)
        {
            await Store.MarkActiveAsync(doc.InstanceId, stop);
        }

        SignalChanged();
    }

    private async Task ActivityLoopAsync(CancellationToken stop)
    {
        await foreach (var item in _activities.Reader.ReadAllAsync(stop))
        {
            if (!_owned.ContainsKey(item.InstanceId))
            {
                continue;
            }

            var message = new HistoryEvent { TaskId = item.TaskId, Generation = item.Generation, Timestamp = DateTime.UtcNow };
            try
            {
                if (!_registry.TryCreateActivity(item.Name, out var activity))
                {
                    throw new InvalidOperationException($"No activity named '{item.Name}' is registered with this engine; register it in the DurableTaskRegistry.");
                }

                var output = await activity.RunSerializedAsync(new ActivityContext(item.Name, item.InstanceId, item.TaskId), item.Input, _registry.SerializerOptions, stop);
                if (output is not null && Encoding.UTF8.GetByteCount(output) is var size && size > _options.MaxPayloadBytes)
                {
                    throw new PayloadTooLargeException($"output of activity '{item.Name}' in orchestration '{item.InstanceId}'", size, _options.MaxPayloadBytes);
                }

                message.Kind = HistoryEventKind.TaskCompleted;
                message.Payload = output;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                message.Kind = HistoryEventKind.TaskFailed;
                message.Failure = TaskFailureDetails.FromException(ex);
            }

            await SendOrRedispatchAsync(item.InstanceId, message, stop);
        }
    }

    /// <summary>
    /// Records a result; when the store refuses (a transient error), forgets that the task was handed out so the
    /// next episode hands it out again, instead of leaving the instance waiting forever.
    /// </summary>
    private async Task SendOrRedispatchAsync(string instanceId, HistoryEvent message, CancellationToken stop)
    {
        try
        {
            await SendAsync(instanceId, message, stop);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            EngineLog.ProcessingFailed(_logger, _options.EngineId, instanceId, ex);
            if (_owned.TryGetValue(instanceId, out var owned))
            {
                lock (owned)
                {
                    owned.Dispatched.Remove(message.TaskId);
                }
            }

            Wake(instanceId);
        }
    }

    private async Task TimerLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var due = new List<DurableTimer>();
            TimeSpan wait;
            lock (_timers)
            {
                var now = DateTime.UtcNow;
                while (_timers.TryPeek(out var timer, out var fireAt) && fireAt <= now)
                {
                    _timers.Dequeue();
                    due.Add(timer);
                }

                wait = _timers.TryPeek(out _, out var next) ? next - now : TimeSpan.FromSeconds(1);
            }

            foreach (var timer in due)
            {
                await SendOrRedispatchAsync(timer.InstanceId, new HistoryEvent
                {
                    Kind = HistoryEventKind.TimerFired,
                    TaskId = timer.TaskId,
                    Generation = timer.Generation,
                    Timestamp = DateTime.UtcNow,
                }, stop);
            }

            if (due.Count == 0)
            {
                var bounded = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
                await _timerSignal.WaitAsync(bounded, stop);
            }
        }
    }

    /// <summary>Finds work written by clients and other engines (and, at start, everything left unfinished).</summary>
    private async Task PollLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await foreach (var id in Store.ListActiveAsync(stop))
            {
                Wake(id);
            }

            await Task.Delay(_options.PollInterval, stop);
        }
    }

    /// <summary>Renews the leases of owned instances before they expire; an instance whose lease was taken is dropped.</summary>
    private async Task LeaseLoopAsync(CancellationToken stop)
    {
        var period = _options.LeaseDuration / 4;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(period, stop);
            foreach (var (id, owned) in _owned)
            {
                DateTimeOffset expires;
                lock (owned)
                {
                    expires = owned.LeaseExpiresAt;
                }

                if (expires - DateTimeOffset.UtcNow > _options.LeaseDuration / 2)
                {
                    continue;
                }

                var lost = false;
                var newExpiry = DateTimeOffset.UtcNow + _options.LeaseDuration;
                await Store.UpdateAsync(id, doc =>
                {
                    if (doc.LeaseOwner != _options.EngineId || doc.IsTerminal)
                    {
                        lost = doc.LeaseOwner != _options.EngineId;
                        return false;
                    }

                    doc.LeaseExpiresAt = newExpiry;
                    return true;
                }, stop);
                if (lost)
                {
                    _owned.TryRemove(id, out _);
                }
                else
                {
                    lock (owned)
                    {
                        owned.LeaseExpiresAt = newExpiry;
                    }
                }
            }
        }
    }
}
