using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Serverless.Storage.Accounts;

/// <summary>
/// The one place a host gets its <see cref="BlobServiceClient"/>: from <see cref="StorageAccountOptions"/>, by
/// connection string or by endpoint and Microsoft Entra identity, with the service version pinned to
/// <see cref="ServiceVersion"/>. Create one client per account and keep it; clients are thread-safe.
/// </summary>
public static class BlobServiceClientFactory
{
    /// <summary>
    /// The Blob REST API version every request names: the newest the Azurite pinned in the repository's
    /// <c>package.json</c> accepts (Azurite refuses newer ones), and one Azure serves.
    /// </summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>Creates the client <paramref name="account"/> describes.</summary>
    /// <param name="account">Connection string, or Blob endpoint with an optional user-assigned identity.</param>
    /// <param name="credential">
    /// For <see cref="StorageAccountOptions.BlobServiceUri"/> only: the credential to use instead of the one
    /// <see cref="CreateCredential"/> picks, e.g. one the host shares between clients.
    /// </param>
    /// <param name="configure">Adjusts the client options (retries, transport) after the defaults are set.</param>
    /// <returns>The client; nothing has been sent yet.</returns>
    /// <exception cref="StorageConfigurationException">The options are incomplete or contradictory, or the connection string is malformed.</exception>
    public static BlobServiceClient Create(StorageAccountOptions account, TokenCredential? credential = null, Action<BlobClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        account.Validate();
        var options = new BlobClientOptions(ServiceVersion)
        {
            // Address exactly the blob a document key or artifact name gives, not one with its slashes trimmed.
            TrimBlobNameSlashes = false,
        };
        configure?.Invoke(options);
        if (account.ConnectionString is { } connectionString)
        {
            if (credential is not null)
            {
                throw new StorageConfigurationException("A token credential applies to BlobServiceUri only; a connection string signs in with its own key.");
            }

            try
            {
                return new BlobServiceClient(connectionString, options);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                // The SDK's message names the problem without the key; ours must not quote the string either.
                throw new StorageConfigurationException(
                    "The storage connection string is malformed: use UseDevelopmentStorage=true, or AccountName, AccountKey and DefaultEndpointsProtocol or BlobEndpoint.",
                    ex);
            }
        }

        return new BlobServiceClient(account.BlobServiceUri!, credential ?? CreateCredential(account), options);
    }

    /// <summary>
    /// The credential for an endpoint account: the user-assigned managed identity with
    /// <see cref="StorageAccountOptions.ManagedIdentityClientId"/> when one is named, otherwise
    /// <see cref="DefaultAzureCredential"/>.
    /// </summary>
    /// <param name="account">The account options.</param>
    /// <returns>The credential; it fetches no token until the first request.</returns>
    public static TokenCredential CreateCredential(StorageAccountOptions account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.ManagedIdentityClientId is { } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
