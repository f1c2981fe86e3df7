using System.Text.Json.Serialization;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Source-generated JSON for what the Azure platform hands across the durable boundary (activity outputs kept in
/// orchestration history): <see cref="ArmOperationToken"/> and <see cref="ArmOperationStatus"/>. Enums as strings, so that
/// history stays readable and survives reordered enum members.
/// </summary>
[JsonSerializable(typeof(ArmOperationToken))]
[JsonSerializable(typeof(ArmOperationStatus))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
public sealed partial class AzureJsonContext : JsonSerializerContext;
