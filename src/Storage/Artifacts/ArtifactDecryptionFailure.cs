namespace Serverless.Storage.Artifacts;

/// <summary>Why an encrypted artifact could not be decrypted.</summary>
public enum ArtifactDecryptionFailure
{
    /// <summary>The key provider has no key with the artifact's key id (or there is no key provider).</summary>
    KeyNotFound,

    /// <summary>The key registered under the artifact's key id is not the key the artifact was written with (or the artifact's header was altered).</summary>
    WrongKey,

    /// <summary>A chunk's AES-GCM tag did not verify: stored bytes were altered, reordered or cut short.</summary>
    ChunkAuthenticationFailed,
}
