using System.Text.Json.Serialization;

namespace Serverless.Orchestrations.Backups;

/// <summary>Source-generated JSON for the payloads of the backup orchestrations and the restore step.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BackupInput))]
[JsonSerializable(typeof(BackupResult))]
[JsonSerializable(typeof(DumpStepResult))]
[JsonSerializable(typeof(BackupUpdate))]
[JsonSerializable(typeof(LoadSnapshotInput))]
[JsonSerializable(typeof(DeleteBackupInput))]
internal sealed partial class BackupsJsonContext : JsonSerializerContext;
