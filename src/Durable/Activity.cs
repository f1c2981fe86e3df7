using System.Text.Json;
using Serverless.Durable.Engine;

namespace Serverless.Durable;

/// <summary>
/// Base class of a class-based activity (mirrors <c>TaskActivity&lt;TInput, TOutput&gt;</c>). Activities run at least
/// once: one running at a crash runs again, so make them idempotent.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public abstract class Activity<TInput, TOutput> : ActivityBase
{
    /// <summary>Runs the activity.</summary>
    /// <param name="context">The activity context.</param>
    /// <param name="input">The input (default when none was given).</param>
    /// <param name="cancellationToken">Signalled when the engine stops.</param>
    /// <returns>The activity output.</returns>
    public abstract Task<TOutput> RunAsync(ActivityContext context, TInput input, CancellationToken cancellationToken);

    internal sealed override async Task<string?> RunSerializedAsync(ActivityContext context, string? input, JsonSerializerOptions serializerOptions, CancellationToken cancellationToken)
    {
        var typedInput = input is null ? default! : PayloadSerializer.Deserialize<TInput>(input, serializerOptions)!;
        var output = await RunAsync(context, typedInput, cancellationToken);
        return PayloadSerializer.Serialize(output, serializerOptions);
    }
}
