using System.Text.Json.Serialization;

namespace Serverless.Platforms.Local.Instances;

/// <summary>Source-generated JSON for <see cref="LocalServerRecord"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LocalServerRecord))]
internal sealed partial class LocalServerRecordJsonContext : JsonSerializerContext;
