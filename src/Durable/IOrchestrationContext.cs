using Microsoft.Extensions.Logging;

namespace Serverless.Durable;

/// <summary>
/// What orchestrator code sees of its running instance. Mirrors Durable Task's <c>TaskOrchestrationContext</c>:
/// the code is re-executed from the start on every episode, so everything here is replay-safe and
/// must be called only from the orchestrator's own thread.
/// </summary>
public interface IOrchestrationContext
{
    /// <summary>Gets the registered name of the orchestrator.</summary>
    string Name { get; }

    /// <summary>Gets the id of this orchestration instance.</summary>
    string InstanceId { get; }

    /// <summary>Gets the parent instance when this instance runs as a sub-orchestration; otherwise null.</summary>
    ParentOrchestrationInstance? Parent { get; }

    /// <summary>Gets a replay-safe "now": the time at which the current history point was recorded.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>Gets a value indicating whether the code is re-executing already-recorded history.</summary>
    bool IsReplaying { get; }

    /// <summary>Deserializes the instance input, or returns default when there is none.</summary>
    /// <typeparam name="T">The input type (known to the registry's JSON type resolver).</typeparam>
    /// <returns>The input.</returns>
    T? GetInput<T>();

    /// <summary>Schedules an activity and returns its result once recorded.</summary>
    /// <typeparam name="TResult">The activity output type.</typeparam>
    /// <param name="name">The registered activity name.</param>
    /// <param name="input">The activity input (JSON-serialized), or null.</param>
    /// <param name="options">Retry options, or null for a single attempt.</param>
    /// <returns>The activity result.</returns>
    /// <exception cref="TaskFailedException">The activity failed (after any retries).</exception>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity and completes once its completion is recorded.</summary>
    /// <param name="name">The registered activity name.</param>
    /// <param name="input">The activity input (JSON-serialized), or null.</param>
    /// <param name="options">Retry options, or null for a single attempt.</param>
    /// <returns>A task completing when the activity completes.</returns>
    /// <exception cref="TaskFailedException">The activity failed (after any retries).</exception>
    Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Starts a sub-orchestration and returns its output once it completes.</summary>
    /// <typeparam name="TResult">The sub-orchestration output type.</typeparam>
    /// <param name="orchestratorName">The registered orchestrator name.</param>
    /// <param name="input">The input, or null.</param>
    /// <param name="options">Retry options; pass <see cref="SubOrchestrationOptions"/> to choose the child instance id.</param>
    /// <returns>The child's output.</returns>
    /// <exception cref="TaskFailedException">The child failed (after any retries).</exception>
    Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Starts a sub-orchestration and completes once it completes.</summary>
    /// <param name="orchestratorName">The registered orchestrator name.</param>
    /// <param name="input">The input, or null.</param>
    /// <param name="options">Retry options; pass <see cref="SubOrchestrationOptions"/> to choose the child instance id.</param>
    /// <returns>A task completing when the child completes.</returns>
    /// <exception cref="TaskFailedException">The child failed (after any retries).</exception>
    Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Creates a durable timer that fires at <paramref name="fireAt"/> (UTC).</summary>
    /// <param name="fireAt">The UTC time at which the timer fires.</param>
    /// <param name="cancellationToken">Cancels the timer (the task is then canceled).</param>
    /// <returns>A task completing when the timer fires.</returns>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Creates a durable timer that fires <paramref name="delay"/> after <see cref="CurrentUtcDateTime"/>.</summary>
    /// <param name="delay">The delay.</param>
    /// <param name="cancellationToken">Cancels the timer (the task is then canceled).</param>
    /// <returns>A task completing when the timer fires.</returns>
    Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Waits for an external event. Names are case-insensitive; early events are buffered; each event completes one waiter.</summary>
    /// <typeparam name="T">The event payload type.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="cancellationToken">Cancels the wait (the task is then canceled).</param>
    /// <returns>The event payload.</returns>
    Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event for at most <paramref name="timeout"/>, measured by a durable timer.</summary>
    /// <typeparam name="T">The event payload type.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The event payload.</returns>
    /// <exception cref="TaskCanceledException">The timeout elapsed first.</exception>
    Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout);

    /// <summary>Sets the custom status visible to clients once the current episode commits; null clears it.</summary>
    /// <param name="customStatus">The status (JSON-serialized), or null.</param>
    void SetCustomStatus(object? customStatus);

    /// <summary>Restarts the instance with empty history and a new input once the orchestrator returns.</summary>
    /// <param name="newInput">The new input, or null.</param>
    /// <param name="preserveUnprocessedEvents">Whether external events not yet consumed are delivered to the new execution.</param>
    void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Returns a deterministic, name-based GUID (the same on every replay).</summary>
    /// <returns>The GUID.</returns>
    Guid NewGuid();

    /// <summary>Creates a logger that stays silent while <see cref="IsReplaying"/> is true.</summary>
    /// <param name="categoryName">The logger category.</param>
    /// <returns>The logger.</returns>
    ILogger CreateReplaySafeLogger(string categoryName);
}
