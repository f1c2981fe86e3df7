using System.Text.Json.Serialization;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Source-generated JSON for the snapshot document and manifest properties.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SnapshotDocument))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
