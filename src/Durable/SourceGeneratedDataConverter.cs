using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.DurableTask;

namespace Serverless.Durable;

/// <summary>
/// Serializes every payload that crosses the durable boundary (inputs, outputs, event payloads, custom status) with
/// System.Text.Json and the caller's source-generated metadata, so no payload goes through reflection and a type
/// without metadata fails at once instead of serializing differently in another home.
/// </summary>
/// <remarks>
/// Values are written by their runtime type. The Durable Task Framework passes activity inputs as a one-element
/// <c>object[]</c>; <see cref="DurablePayloadTypes"/> covers that array and the primitive types, and is combined with
/// the caller's resolver.
/// </remarks>
public sealed class SourceGeneratedDataConverter : DataConverter
{
    /// <summary>Initializes a new instance of the <see cref="SourceGeneratedDataConverter"/> class.</summary>
    /// <param name="options">
    /// The serializer options; their <see cref="JsonSerializerOptions.TypeInfoResolver"/> must cover every payload type.
    /// <see cref="CreateOptions"/> builds them from a source-generated context.
    /// </param>
    public SourceGeneratedDataConverter(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>Gets the serializer options.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>
    /// Builds read-only, camel-case serializer options from <paramref name="payloads"/> (typically a source-generated
    /// <c>JsonSerializerContext</c>) combined with the primitive and array types the runtime itself sends.
    /// </summary>
    /// <param name="payloads">Metadata of the caller's payload types.</param>
    /// <returns>The options.</returns>
    public static JsonSerializerOptions CreateOptions(IJsonTypeInfoResolver payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(payloads, DurablePayloadTypes.Default),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <inheritdoc/>
    public override string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <inheritdoc/>
    public override object? Deserialize(string? data, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        return data is null ? null : JsonSerializer.Deserialize(data, targetType, Options);
    }
}
