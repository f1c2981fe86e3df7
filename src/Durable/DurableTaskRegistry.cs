using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Serverless.Durable.Engine;

namespace Serverless.Durable;

/// <summary>
/// Orchestrators and activities by name, plus the JSON type resolver their payloads use. Names are case-insensitive.
/// Registration takes factories, so a host can resolve instances from dependency injection.
/// </summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<OrchestratorBase>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<ActivityBase>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="DurableTaskRegistry"/> class.</summary>
    /// <param name="typeInfoResolver">
    /// The caller's source-generated <c>JsonSerializerContext</c> (or any resolver) covering every input, output, event and custom
    /// status type; strings, numbers, booleans, GUIDs, dates and their arrays/lists are always understood.
    /// </param>
    public DurableTaskRegistry(IJsonTypeInfoResolver? typeInfoResolver = null)
    {
        SerializerOptions = new JsonSerializerOptions
        {
            TypeInfoResolver = typeInfoResolver is null
                ? PrimitiveJsonContext.Default
                : JsonTypeInfoResolver.Combine(typeInfoResolver, PrimitiveJsonContext.Default),
        };
        SerializerOptions.MakeReadOnly();
    }

    /// <summary>Gets the serializer options used for every payload.</summary>
    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>Registers an orchestrator class created with its parameterless constructor.</summary>
    /// <typeparam name="TOrchestrator">The orchestrator class.</typeparam>
    /// <param name="name">The name it is called by.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddOrchestrator<TOrchestrator>(string name)
        where TOrchestrator : OrchestratorBase, new()
        => AddOrchestrator(name, static () => new TOrchestrator());

    /// <summary>Registers an orchestrator created by <paramref name="factory"/> for every episode.</summary>
    /// <param name="name">The name it is called by.</param>
    /// <param name="factory">Creates the orchestrator.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddOrchestrator(string name, Func<OrchestratorBase> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_orchestrators.TryAdd(name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Registers an orchestrator written as a function.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The name it is called by.</param>
    /// <param name="run">The orchestrator body.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddOrchestrator<TInput, TOutput>(string name, Func<IOrchestrationContext, TInput, Task<TOutput>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var orchestrator = new FunctionOrchestrator<TInput, TOutput>(run);
        return AddOrchestrator(name, () => orchestrator);
    }

    /// <summary>Registers an activity class created with its parameterless constructor.</summary>
    /// <typeparam name="TActivity">The activity class.</typeparam>
    /// <param name="name">The name it is called by.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddActivity<TActivity>(string name)
        where TActivity : ActivityBase, new()
        => AddActivity(name, static () => new TActivity());

    /// <summary>Registers an activity created by <paramref name="factory"/> for every call.</summary>
    /// <param name="name">The name it is called by.</param>
    /// <param name="factory">Creates the activity.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddActivity(string name, Func<ActivityBase> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Registers an activity written as a function.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The name it is called by.</param>
    /// <param name="run">The activity body.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput, CancellationToken, Task<TOutput>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var activity = new FunctionActivity<TInput, TOutput>(run);
        return AddActivity(name, () => activity);
    }

    internal bool TryCreateOrchestrator(string name, out OrchestratorBase orchestrator)
    {
        if (_orchestrators.TryGetValue(name, out var factory))
        {
            orchestrator = factory();
            return true;
        }

        orchestrator = null!;
        return false;
    }

    internal bool TryCreateActivity(string name, out ActivityBase activity)
    {
        if (_activities.TryGetValue(name, out var factory))
        {
            activity = factory();
            return true;
        }

        activity = null!;
        return false;
    }

    private sealed class FunctionOrchestrator<TInput, TOutput>(Func<IOrchestrationContext, TInput, Task<TOutput>> run) : Orchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(IOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FunctionActivity<TInput, TOutput>(Func<ActivityContext, TInput, CancellationToken, Task<TOutput>> run) : Activity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(ActivityContext context, TInput input, CancellationToken cancellationToken) => run(context, input, cancellationToken);
    }
}
