using Serverless.Storage.Artifacts;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>Encodes and decodes artifacts in memory, through the same streams the store uploads and downloads through.</summary>
internal static class InMemoryArtifact
{
    public const string SetId = "backup-42";
    public const string Name = "sbtest/sbtest1.00000.tsv";

    public static (byte[] Stored, ArtifactDescriptor Artifact) Encode(byte[] content, ArtifactCompression compression, string? keyId = null, byte[]? key = null, int chunkSize = 64 * 1024)
    {
        using var encoding = new ArtifactEncodingStream(new MemoryStream(content), compression, keyId, key, chunkSize);
        using var stored = new MemoryStream();
        encoding.CopyTo(stored);
        var artifact = encoding.Describe(Name, $"{SetId}/{Name}.0123456789abcdef");
        return (stored.ToArray(), artifact);
    }

    public static Stream OpenRead(byte[] stored, ArtifactDescriptor artifact, byte[]? key = null) =>
        new ArtifactDecodingStream(new MemoryStream(stored), SetId, artifact, key);

    public static async Task<byte[]> DecodeAsync(byte[] stored, ArtifactDescriptor artifact, byte[]? key = null)
    {
        await using var decoding = OpenRead(stored, artifact, key);
        using var content = new MemoryStream();
        await decoding.CopyToAsync(content);
        return content.ToArray();
    }

    /// <summary>The descriptor as someone who could also rewrite the manifest would make it for <paramref name="stored"/>.</summary>
    public static ArtifactDescriptor Rehashed(ArtifactDescriptor artifact, byte[] stored) =>
        artifact with { StoredBytes = stored.Length, Sha256 = ArtifactTestContent.Sha256(stored) };
}
