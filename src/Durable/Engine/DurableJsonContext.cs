using System.Text.Json.Serialization;

namespace Serverless.Durable.Engine;

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceDocument))]
[JsonSerializable(typeof(ActiveMarker))]
internal sealed partial class DurableJsonContext : JsonSerializerContext;
