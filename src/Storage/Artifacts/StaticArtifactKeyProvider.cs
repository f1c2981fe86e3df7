using System.Security.Cryptography;
using System.Text;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// An <see cref="IArtifactKeyProvider"/> over keys held in memory, e.g. read from configuration or a secret
/// store at start-up. It never prints key material: not in exceptions, not in <see cref="object.ToString"/>.
/// </summary>
public sealed class StaticArtifactKeyProvider : IArtifactKeyProvider
{
    /// <summary>The length of an AES-256 key in bytes.</summary>
    public const int KeyBytes = 32;

    /// <summary>The longest key id, in UTF-8 bytes, that fits an encrypted artifact's header.</summary>
    public const int MaxKeyIdBytes = 255;

    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Creates the provider.</summary>
    /// <param name="keys">Key id → 32-byte key. The provider keeps its own copies.</param>
    /// <param name="currentKeyId">The key new artifacts are encrypted with; null to write unencrypted.</param>
    /// <exception cref="ArgumentException">A key is not 32 bytes, a key id is empty, too long or has control characters, or <paramref name="currentKeyId"/> is not among the keys.</exception>
    public StaticArtifactKeyProvider(IReadOnlyDictionary<string, byte[]> keys, string? currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            ValidateKeyId(id);
            if (key is null || key.Length != KeyBytes)
            {
                // The length only: the key's bytes stay out of the message.
                throw new ArgumentException($"Artifact key '{id}' must be {KeyBytes} bytes, not {key?.Length ?? 0}.", nameof(keys));
            }

            _keys[id] = (byte[])key.Clone();
        }

        if (currentKeyId is not null && !_keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"The current artifact key id '{currentKeyId}' is not among the configured keys.", nameof(currentKeyId));
        }

        CurrentKeyId = currentKeyId;
    }

    /// <inheritdoc />
    public string? CurrentKeyId { get; }

    /// <summary>Creates the provider from base64-encoded keys, the form configuration and secret stores hold them in.</summary>
    /// <param name="base64Keys">Key id → base64 of a 32-byte key.</param>
    /// <param name="currentKeyId">The key new artifacts are encrypted with; null to write unencrypted.</param>
    /// <exception cref="ArgumentException">A key is not valid base64 of 32 bytes, or see the constructor.</exception>
    public static StaticArtifactKeyProvider FromBase64(IReadOnlyDictionary<string, string> base64Keys, string? currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(base64Keys);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var (id, text) in base64Keys)
            {
                var key = new byte[KeyBytes];
                if (!Convert.TryFromBase64String(text ?? string.Empty, key, out var written) || written != KeyBytes)
                {
                    throw new ArgumentException($"Artifact key '{id}' is not the base64 form of a {KeyBytes}-byte key.", nameof(base64Keys));
                }

                keys[id] = key;
            }

            return new StaticArtifactKeyProvider(keys, currentKeyId);
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<byte[]> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        return _keys.TryGetValue(keyId, out var key)
            ? ValueTask.FromResult((byte[])key.Clone())
            : ValueTask.FromException<byte[]>(new ArtifactKeyNotFoundException(keyId));
    }

    /// <summary>Lists the key ids only.</summary>
    public override string ToString() => $"{nameof(StaticArtifactKeyProvider)}(keys: {string.Join(", ", _keys.Keys)}; current: {CurrentKeyId ?? "none"})";

    internal static void ValidateKeyId(string? id)
    {
        if (string.IsNullOrEmpty(id) || Encoding.UTF8.GetByteCount(id) > MaxKeyIdBytes || id.Any(char.IsControl))
        {
            throw new ArgumentException($"An artifact key id must be 1 to {MaxKeyIdBytes} UTF-8 bytes without control characters.", nameof(id));
        }
    }
}
