using Serverless.Orchestrations.Catalog;
using System.Text.Json.Serialization;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Source-generated JSON for the payloads of the instance orchestrations.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CreateInstanceInput))]
[JsonSerializable(typeof(InstanceOperationInput))]
[JsonSerializable(typeof(ConfigureServerInput))]
[JsonSerializable(typeof(ServerSummary))]
[JsonSerializable(typeof(ServerSpec))]
[JsonSerializable(typeof(ServerEndpoint))]
[JsonSerializable(typeof(ResizeInstanceInput))]
[JsonSerializable(typeof(NetworkAccess))]
internal sealed partial class InstancesJsonContext : JsonSerializerContext;
