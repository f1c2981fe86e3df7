using System.Text.Json.Serialization;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Source-generated JSON for the snapshot document and manifest properties.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SnapshotDocument))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ResumableDumpState))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
