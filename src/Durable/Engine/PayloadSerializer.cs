using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Serverless.Durable.Engine;

/// <summary>Payload JSON through the registry's type resolver (the caller's source-generated context), never reflection.</summary>
internal static class PayloadSerializer
{
    public static string? Serialize(object? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            return null;
        }

        return JsonSerializer.Serialize(value, GetTypeInfo(value.GetType(), options));
    }

    public static T? Deserialize<T>(string json, JsonSerializerOptions options)
    {
        var info = (JsonTypeInfo<T>)GetTypeInfo(typeof(T), options);
        return JsonSerializer.Deserialize(json, info);
    }

    private static JsonTypeInfo GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        try
        {
            return options.GetTypeInfo(type);
        }
        catch (NotSupportedException ex)
        {
            throw new NotSupportedException($"Durable payload type '{type.FullName}' is not known to the registry's JSON type resolver; add it to your source-generated JsonSerializerContext ([JsonSerializable(typeof({type.Name}))]).", ex);
        }
    }
}
