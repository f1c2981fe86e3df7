namespace Serverless.Storage.Artifacts;

/// <summary>
/// An encrypted artifact could not be decrypted: its key is missing or wrong, or a chunk failed
/// authentication. <see cref="Failure"/> says which; the message names the key id, never key material.
/// </summary>
public sealed class ArtifactDecryptionException : ArtifactException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setId">The artifact set.</param>
    /// <param name="artifactName">The artifact.</param>
    /// <param name="keyId">The id of the key the artifact was written with.</param>
    /// <param name="failure">What went wrong.</param>
    /// <param name="chunkIndex">The chunk that failed authentication, for <see cref="ArtifactDecryptionFailure.ChunkAuthenticationFailed"/>.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ArtifactDecryptionException(string setId, string artifactName, string keyId, ArtifactDecryptionFailure failure, long? chunkIndex = null, Exception? innerException = null)
        : base(setId, artifactName, BuildMessage(setId, artifactName, keyId, failure, chunkIndex), innerException)
    {
        KeyId = keyId;
        Failure = failure;
        ChunkIndex = chunkIndex;
    }

    /// <summary>The id of the key the artifact was written with.</summary>
    public string KeyId { get; }

    /// <summary>What went wrong.</summary>
    public ArtifactDecryptionFailure Failure { get; }

    /// <summary>The zero-based chunk that failed authentication, when <see cref="Failure"/> is <see cref="ArtifactDecryptionFailure.ChunkAuthenticationFailed"/>.</summary>
    public long? ChunkIndex { get; }

    private static string BuildMessage(string setId, string artifactName, string keyId, ArtifactDecryptionFailure failure, long? chunkIndex) => failure switch
    {
        ArtifactDecryptionFailure.KeyNotFound =>
            $"Artifact '{artifactName}' of set '{setId}' is encrypted with key '{keyId}', which the key provider does not have. "
            + $"Add the original key under id '{keyId}' to the key provider to read it.",
        ArtifactDecryptionFailure.WrongKey =>
            $"Artifact '{artifactName}' of set '{setId}' cannot be decrypted with the key registered as '{keyId}': it is not the key "
            + $"the artifact was written with, or the artifact's header was altered. Check that key id '{keyId}' maps to the original key.",
        _ =>
            $"Chunk {chunkIndex} of artifact '{artifactName}' in set '{setId}' failed authentication with key '{keyId}': the stored bytes "
            + "were altered, reordered or cut short after they were written. Do not use this set; restore from another one or write the set again.",
    };
}
