using System.Text.Json.Serialization;

namespace Serverless.Storage.Artifacts;

/// <summary>Source-generated JSON for <see cref="ArtifactManifest"/>: camelCase, indented, enums as lowercase names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ArtifactManifest))]
internal sealed partial class ArtifactManifestJsonContext : JsonSerializerContext;
