using System.Text.Json.Serialization;

namespace Serverless.DataPlane.Binlog;

/// <summary>Source-generated JSON for a capture's progress document.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SegmentCaptureState))]
internal sealed partial class SegmentJsonContext : JsonSerializerContext;
