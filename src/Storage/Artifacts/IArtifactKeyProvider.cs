namespace Serverless.Storage.Artifacts;

/// <summary>
/// Supplies the AES-256 keys artifacts are encrypted with, by key id. The id is written into each encrypted
/// artifact and its manifest entry; the key never is. Rotating keys means adding a new key, making it
/// current, and keeping the old ones for as long as artifacts written with them are read.
/// </summary>
public interface IArtifactKeyProvider
{
    /// <summary>The id of the key new artifacts are encrypted with; null to write new artifacts unencrypted while still reading encrypted ones.</summary>
    string? CurrentKeyId { get; }

    /// <summary>Gets the 32-byte key with id <paramref name="keyId"/>.</summary>
    /// <param name="keyId">The key id, as recorded in an artifact.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>A copy of the key that the caller owns and clears after use.</returns>
    /// <exception cref="ArtifactKeyNotFoundException">The provider has no key with that id.</exception>
    ValueTask<byte[]> GetKeyAsync(string keyId, CancellationToken cancellationToken);
}
