using System.Text.Json.Serialization;

namespace Serverless.Platforms.Azure;

/// <summary>Source-generated JSON for <see cref="AzureOperationState"/>; enums as strings, as in <see cref="AzureJsonContext"/>.</summary>
[JsonSerializable(typeof(AzureOperationState))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class AzureOperationJsonContext : JsonSerializerContext;
