using System.Text.Json.Serialization;
using Serverless.DataPlane.Replication;

namespace Serverless.Orchestrations.Replication;

/// <summary>Source-generated JSON for the payloads of the replication orchestrations.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CreateReplicaInput))]
[JsonSerializable(typeof(ReplicaLink))]
[JsonSerializable(typeof(SeedReplicaInput))]
[JsonSerializable(typeof(GtidWait))]
[JsonSerializable(typeof(MemberHealth[]))]
[JsonSerializable(typeof(ReplicaHealth))]
[JsonSerializable(typeof(ReplicaSetOperationInput))]
[JsonSerializable(typeof(ReplicaOperationInput))]
[JsonSerializable(typeof(ReplicaSetUpdate))]
[JsonSerializable(typeof(ReplicaUnlink))]
[JsonSerializable(typeof(CreateExternalReplicaInput))]
[JsonSerializable(typeof(ExternalReplicaStep))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ReplicationJsonContext : JsonSerializerContext;
