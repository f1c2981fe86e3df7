using System.Text.Json.Serialization;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Platform;

/// <summary>Source-generated JSON for the payloads of the platform operation steps.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PlatformOperationRequest))]
[JsonSerializable(typeof(PlatformOperation))]
internal sealed partial class PlatformJsonContext : JsonSerializerContext;
