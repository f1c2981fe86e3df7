using System.Text.Json;
using Serverless.Durable.Engine;

namespace Serverless.Durable;

/// <summary>
/// Base class of a class-based orchestrator (mirrors <c>TaskOrchestrator&lt;TInput, TOutput&gt;</c>).
/// The code must be deterministic: see the replay rules in the Durable Task documentation.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public abstract class Orchestrator<TInput, TOutput> : OrchestratorBase
{
    /// <summary>Runs the orchestration; re-executed from the start on every episode.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The input (default when none was given).</param>
    /// <returns>The orchestration output.</returns>
    public abstract Task<TOutput> RunAsync(IOrchestrationContext context, TInput input);

    internal sealed override async Task<string?> RunSerializedAsync(IOrchestrationContext context, string? input, JsonSerializerOptions serializerOptions)
    {
        var typedInput = input is null ? default! : PayloadSerializer.Deserialize<TInput>(input, serializerOptions)!;
        var output = await RunAsync(context, typedInput);
        return PayloadSerializer.Serialize(output, serializerOptions);
    }
}
