using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Durable;

/// <summary>
/// Source-generated metadata of the types the Durable Task Framework itself puts on the wire around payloads
/// (the <c>object[]</c> of activity parameters) and of the primitive payloads any orchestration may use.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<int>))]
internal sealed partial class DurablePayloadTypes : JsonSerializerContext;
