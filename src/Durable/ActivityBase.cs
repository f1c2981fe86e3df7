using System.Text.Json;

namespace Serverless.Durable;

/// <summary>
/// The untyped root of <see cref="Activity{TInput, TOutput}"/>, which is what activities derive from; the engine uses
/// this to run any activity against JSON payloads.
/// </summary>
public abstract class ActivityBase
{
    private protected ActivityBase()
    {
    }

    internal abstract Task<string?> RunSerializedAsync(ActivityContext context, string? input, JsonSerializerOptions serializerOptions, CancellationToken cancellationToken);
}
