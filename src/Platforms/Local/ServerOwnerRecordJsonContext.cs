using System.Text.Json.Serialization;

namespace Serverless.Platforms.Local;

/// <summary>Source-generated JSON for <see cref="ServerOwnerRecord"/>.</summary>
[JsonSerializable(typeof(ServerOwnerRecord))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
internal sealed partial class ServerOwnerRecordJsonContext : JsonSerializerContext;
