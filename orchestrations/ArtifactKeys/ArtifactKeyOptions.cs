namespace Serverless.Orchestrations.ArtifactKeys;

/// <summary>
/// Which key new backup artifacts are encrypted with, and whether the control plane may create it. Encryption is always
/// on: every new artifact is written with the current key; artifacts name their key's id, so older keys are read by id.
/// </summary>
public sealed record ArtifactKeyOptions
{
    /// <summary>The key id new installations start with (also the Bicep default of <c>artifactKeyId</c>).</summary>
    public const string DefaultKeyId = "k1";

    /// <summary>The longest key id: the secret id <c>artifact-key-{id}</c> stays within a secret store's 128 characters.</summary>
    public const int MaxKeyIdLength = 100;

    private readonly string _currentKeyId = DefaultKeyId;

    /// <summary>
    /// Gets the id of the key new artifacts are encrypted with: 1 to <see cref="MaxKeyIdLength"/> letters, digits,
    /// <c>-</c>, <c>_</c> or <c>.</c>, not starting with <c>.</c> (lowercase letters, digits and <c>-</c> where Bicep
    /// names the Key Vault secret). Changing it rotates the key: new backups use the new one, older backups keep
    /// naming theirs, which stays in the secret store.
    /// </summary>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    public string CurrentKeyId
    {
        get => _currentKeyId;
        init => _currentKeyId = IsValidKeyId(value)
            ? value
            : throw new ArgumentException(
                $"The artifact key id '{value}' is not valid: use 1 to {MaxKeyIdLength} letters, digits, '-', '_' or '.', not starting with '.'.",
                nameof(CurrentKeyId));
    }

    /// <summary>
    /// Gets whether the control plane generates the current key into the secret store when it is not there (the local
    /// host: a key is generated at first start). False in Azure, where the deployment writes the key into Key Vault:
    /// Key Vault has no create-if-absent, so two app instances starting together could each write a different key and
    /// one of them would encrypt with a key the vault no longer returns as latest.
    /// </summary>
    public bool CreateMissingCurrentKey { get; init; } = true;

    /// <summary>Whether <paramref name="keyId"/> can name an artifact key in a secret store.</summary>
    /// <param name="keyId">The id.</param>
    /// <returns>True for 1 to <see cref="MaxKeyIdLength"/> letters, digits, <c>-</c>, <c>_</c> or <c>.</c>, not starting with <c>.</c>.</returns>
    public static bool IsValidKeyId(string? keyId) =>
        keyId is { Length: > 0 and <= MaxKeyIdLength } && keyId[0] != '.' && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
