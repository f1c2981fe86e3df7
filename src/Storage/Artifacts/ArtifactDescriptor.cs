namespace Serverless.Storage.Artifacts;

/// <summary>
/// One artifact as its set's manifest records it: where its blob is and what a reader must find there.
/// A writer returns it; a reader verifies the stored bytes against it.
/// </summary>
/// <param name="Name">The artifact's name within its set, e.g. <c>sbtest/sbtest1.00000.tsv</c>.</param>
/// <param name="BlobName">The blob holding the stored bytes, in the store's container.</param>
/// <param name="StoredBytes">Length of the stored (compressed, possibly encrypted) bytes.</param>
/// <param name="OriginalBytes">Length of the content as it was given to the writer.</param>
/// <param name="Sha256">SHA-256 of the stored bytes, lowercase hex.</param>
/// <param name="Compression">How the content was compressed.</param>
/// <param name="KeyId">The id of the key it is encrypted with; null when it is not encrypted.</param>
/// <param name="ChunkSize">Plaintext bytes per encrypted chunk; null when it is not encrypted.</param>
public sealed record ArtifactDescriptor(
    string Name,
    string BlobName,
    long StoredBytes,
    long OriginalBytes,
    string Sha256,
    ArtifactCompression Compression,
    string? KeyId,
    int? ChunkSize);
