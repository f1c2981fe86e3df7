using System.Text.Json.Serialization;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// How an artifact's bytes are compressed before they are (optionally) encrypted and stored. The manifest
/// records it per artifact, so a reader never guesses. The default is <see cref="Brotli"/>; see
/// <see cref="ArtifactStoreOptions.Compression"/> for the measurement behind that choice.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArtifactCompression>))]
public enum ArtifactCompression
{
    /// <summary>Stored as given: for data that is already compressed.</summary>
    [JsonStringEnumMemberName("none")]
    None = 0,

    /// <summary>
    /// gzip (RFC 1952) at zlib level 1, so an unencrypted artifact opens with <c>gunzip</c>. On table data it
    /// is half as fast as <see cref="Brotli"/> and stores more (see <see cref="ArtifactStoreOptions.Compression"/>).
    /// </summary>
    [JsonStringEnumMemberName("gzip")]
    Gzip = 1,

    /// <summary>Brotli (RFC 7932) at quality 1: the fastest codec measured and the smallest output of the fast ones.</summary>
    [JsonStringEnumMemberName("brotli")]
    Brotli = 2,
}
