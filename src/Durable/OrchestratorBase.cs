using System.Text.Json;

namespace Serverless.Durable;

/// <summary>
/// The untyped root of <see cref="Orchestrator{TInput, TOutput}"/>, which is what orchestrators derive from; the engine
/// uses this to run any orchestrator against JSON payloads.
/// </summary>
public abstract class OrchestratorBase
{
    private protected OrchestratorBase()
    {
    }

    internal abstract Task<string?> RunSerializedAsync(IOrchestrationContext context, string? input, JsonSerializerOptions serializerOptions);
}
