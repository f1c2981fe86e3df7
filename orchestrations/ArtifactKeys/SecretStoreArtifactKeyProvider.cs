using System.Collections.Concurrent;
using System.Security.Cryptography;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;

namespace Serverless.Orchestrations.ArtifactKeys;

/// <summary>
/// The artifact keys of the control plane: the current key id from the settings (<see cref="ArtifactKeyOptions"/>), each
/// key's material in the <see cref="ISecretStore"/> as secret <c>artifact-key-{id}</c> (base64 of 32 bytes: the local
/// secret files, or Key Vault in Azure). Every artifact records the id of its key, so a backup written before a key change
/// is read with its own key, found by that id.
/// </summary>
/// <remarks>
/// A key never changes under its id (artifacts commit to it), so a key read once is kept in memory for the life of the
/// process: a backup of thousands of artifacts reads its key from Key Vault once. Neither the key nor the secret's value
/// appears in an exception, a log or <see cref="object.ToString"/>.
/// </remarks>
public sealed class SecretStoreArtifactKeyProvider : IArtifactKeyProvider
{
    /// <summary>The secret ids of artifact keys start with this.</summary>
    public const string SecretIdPrefix = "artifact-key-";

    private readonly ISecretStore _secrets;
    private readonly bool _createMissingCurrentKey;
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>Creates the provider; nothing is read until a key is asked for.</summary>
    /// <param name="secrets">The secret store holding the keys.</param>
    /// <param name="options">The current key id and whether it may be generated.</param>
    public SecretStoreArtifactKeyProvider(ISecretStore secrets, ArtifactKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        _secrets = secrets;
        CurrentKeyId = options.CurrentKeyId;
        _createMissingCurrentKey = options.CreateMissingCurrentKey;
    }

    /// <inheritdoc />
    public string CurrentKeyId { get; }

    /// <summary>The secret id that holds the key <paramref name="keyId"/>.</summary>
    /// <param name="keyId">A valid key id (<see cref="ArtifactKeyOptions.IsValidKeyId"/>).</param>
    /// <returns><c>artifact-key-{keyId}</c>.</returns>
    public static string SecretIdOf(string keyId) => SecretIdPrefix + keyId;

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The secret exists but is not the base64 form of a 32-byte key.</exception>
    public async ValueTask<byte[]> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (_keys.TryGetValue(keyId, out var known))
        {
            return (byte[])known.Clone();
        }

        if (!ArtifactKeyOptions.IsValidKeyId(keyId))
        {
            // Not an id this control plane writes (a manifest from elsewhere, or altered): no secret can hold it.
            throw new ArtifactKeyNotFoundException(keyId, $"There is no artifact key with id '{keyId}': it is not an id the secret store can hold.");
        }

        var secretId = SecretIdOf(keyId);
        var text = await _secrets.GetAsync(secretId, cancellationToken).ConfigureAwait(false);
        if (text is null && _createMissingCurrentKey && keyId == CurrentKeyId)
        {
            var generated = RandomNumberGenerator.GetBytes(StaticArtifactKeyProvider.KeyBytes);
            try
            {
                // Create-if-absent: when two starts race, both get the one value stored.
                text = await _secrets.CreateAsync(secretId, Convert.ToBase64String(generated), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(generated);
            }
        }

        if (text is null)
        {
            throw new ArtifactKeyNotFoundException(
                keyId,
                $"There is no artifact key with id '{keyId}': the secret store has no secret '{secretId}'. "
                + $"Put the original key (base64 of 32 bytes) back under that secret to read what it encrypted.");
        }

        var key = new byte[StaticArtifactKeyProvider.KeyBytes];
        if (!Convert.TryFromBase64String(text, key, out var written) || written != StaticArtifactKeyProvider.KeyBytes)
        {
            throw new InvalidDataException($"The secret '{secretId}' of artifact key '{keyId}' is not the base64 form of a {StaticArtifactKeyProvider.KeyBytes}-byte key.");
        }

        // Another caller may have read it meanwhile; both hold the same bytes.
        var kept = _keys.GetOrAdd(keyId, key);
        if (!ReferenceEquals(kept, key))
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return (byte[])kept.Clone();
    }

    /// <summary>Reads the current key, generating it first when that is allowed and it is missing.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArtifactKeyNotFoundException">The key is missing and may not be generated.</exception>
    public async Task EnsureCurrentKeyAsync(CancellationToken cancellationToken) =>
        CryptographicOperations.ZeroMemory(await GetKeyAsync(CurrentKeyId, cancellationToken).ConfigureAwait(false));

    /// <summary>Names the current key id only.</summary>
    public override string ToString() => $"{nameof(SecretStoreArtifactKeyProvider)}(current: {CurrentKeyId})";
}
