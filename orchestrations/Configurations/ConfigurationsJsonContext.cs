using System.Text.Json.Serialization;

namespace Serverless.Orchestrations.Configurations;

/// <summary>Source-generated JSON for the payloads of the configuration orchestrations.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConfigureInstanceInput))]
[JsonSerializable(typeof(Serverless.Platforms.ServerParameterSetting[]))]
internal sealed partial class ConfigurationsJsonContext : JsonSerializerContext;
