using System.Security.Cryptography;
using Serverless.Platforms.Local.Secrets;

namespace Serverless.LocalHost;

/// <summary>
/// The local service's own secrets, generated at the first start and kept in owner-only files
/// (<c>{state}/host-secrets/*.secret</c>, mode 0600) so that every later start hands out the same ones.
/// </summary>
/// <param name="ApiToken">The token callers of the project's API present in <c>X-Auth-Token</c>.</param>
/// <param name="ApiTokenFile">The file holding <paramref name="ApiToken"/>.</param>
/// <param name="IdentityPassword">The password of the identity stub's local user.</param>
/// <param name="IdentityPasswordFile">The file holding <paramref name="IdentityPassword"/>; the only thing ever printed about it.</param>
internal sealed record LocalHostCredentials(string ApiToken, string ApiTokenFile, string IdentityPassword, string IdentityPasswordFile)
{
    /// <summary>Reads the secrets of <paramref name="project"/> from <paramref name="store"/>, creating those that do not exist yet.</summary>
    public static async Task<LocalHostCredentials> LoadOrCreateAsync(LocalSecretStore store, string project, CancellationToken cancellationToken)
    {
        var tokenId = $"api-token-{project}";
        const string passwordId = "identity-password";
        var token = await ReadOrCreateSecretAsync(store, tokenId, cancellationToken).ConfigureAwait(false);
        var password = await ReadOrCreateSecretAsync(store, passwordId, cancellationToken).ConfigureAwait(false);
        return new LocalHostCredentials(token, store.PathOf(tokenId), password, store.PathOf(passwordId));
    }

    private static async Task<string> ReadOrCreateSecretAsync(LocalSecretStore store, string secretId, CancellationToken cancellationToken)
    {
        var value = await store.CreateAsync(secretId, Generate(), cancellationToken).ConfigureAwait(false);
        if (!value.StartsWith('-'))
        {
            return value;
        }

        // Earlier versions wrote URL-safe base64, which can start with '-': the openstack and trove clients then
        // read `--os-token -…` as an unknown option. Such a secret is replaced once.
        await store.DeleteAsync(secretId, cancellationToken).ConfigureAwait(false);
        return await store.CreateAsync(secretId, Generate(), cancellationToken).ConfigureAwait(false);
    }

    // 32 random bytes as hex: nothing a shell, a header or a command-line parser would need quoted.
    private static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
