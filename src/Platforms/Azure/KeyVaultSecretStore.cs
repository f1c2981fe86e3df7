using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Serverless.Platforms.Azure;

/// <summary>
/// The secret store in Azure: one Key Vault secret per secret id (named by <see cref="KeyVaultSecretNames"/>), reached
/// with the app's managed identity (role <i>Key Vault Secrets Officer</i> on the vault, RBAC).
/// </summary>
/// <remarks>
/// Key Vault has no create-if-absent: <see cref="CreateAsync"/> reads first and writes only when there is nothing, which
/// is what a re-run step needs (the same step never runs twice at once). Deleted secrets stay soft-deleted for the
/// vault's retention; ids are never reused (they carry instance ids), so their names are not needed again.
/// </remarks>
public sealed class KeyVaultSecretStore : ISecretStore
{
    private readonly SecretClient _client;

    /// <summary>Creates the store over a client of the vault.</summary>
    /// <param name="client">The vault's secret client (e.g. <c>new SecretClient(vaultUri, credential)</c>).</param>
    public KeyVaultSecretStore(SecretClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public async Task<string> CreateAsync(string secretId, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The secret '{secretId}' must be one line.", nameof(value));
        }

        if (await GetAsync(secretId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        await _client.SetSecretAsync(KeyVaultSecretNames.For(secretId), value, cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string secretId, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await _client.GetSecretAsync(KeyVaultSecretNames.For(secretId), cancellationToken: cancellationToken).ConfigureAwait(false);
            return secret.Value.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string secretId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.StartDeleteSecretAsync(KeyVaultSecretNames.For(secretId), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already: what a re-run delete finds.
        }
    }
}
