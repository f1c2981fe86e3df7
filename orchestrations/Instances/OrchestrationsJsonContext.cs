using System.Text.Json.Serialization;
using Serverless.Orchestrations.Backups;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Source-generated JSON for catalog documents and orchestration payloads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InstanceDocument))]
[JsonSerializable(typeof(NameIndexDocument))]
[JsonSerializable(typeof(OperationDocument))]
[JsonSerializable(typeof(CatalogSeedDocument))]
[JsonSerializable(typeof(FlavorView))]
[JsonSerializable(typeof(DatastoreView))]
[JsonSerializable(typeof(CreateInstanceInput))]
[JsonSerializable(typeof(InstanceOperationInput))]
[JsonSerializable(typeof(ConfigureServerInput))]
[JsonSerializable(typeof(ServerSummary))]
[JsonSerializable(typeof(InstanceUpdate))]
[JsonSerializable(typeof(OperationUpdate))]
[JsonSerializable(typeof(OperationProgress))]
[JsonSerializable(typeof(ServerSpec))]
[JsonSerializable(typeof(ServerEndpoint))]
[JsonSerializable(typeof(BackupDocument))]
[JsonSerializable(typeof(BackupInput))]
[JsonSerializable(typeof(BackupResult))]
[JsonSerializable(typeof(BackupUpdate))]
[JsonSerializable(typeof(LoadSnapshotInput))]
[JsonSerializable(typeof(DeleteBackupInput))]
internal sealed partial class OrchestrationsJsonContext : JsonSerializerContext;
