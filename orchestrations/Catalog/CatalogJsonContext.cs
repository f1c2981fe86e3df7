using System.Text.Json.Serialization;

namespace Serverless.Orchestrations.Catalog;

/// <summary>Source-generated JSON for catalog documents and the payloads of the catalog steps every operation shares.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InstanceDocument))]
[JsonSerializable(typeof(NameIndexDocument))]
[JsonSerializable(typeof(OperationDocument))]
[JsonSerializable(typeof(CatalogSeedDocument))]
[JsonSerializable(typeof(FlavorView))]
[JsonSerializable(typeof(DatastoreView))]
[JsonSerializable(typeof(BackupDocument))]
[JsonSerializable(typeof(ConfigurationView))]
[JsonSerializable(typeof(InstanceUpdate))]
[JsonSerializable(typeof(OperationUpdate))]
[JsonSerializable(typeof(OperationProgress))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
