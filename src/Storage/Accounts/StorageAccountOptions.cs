using System.Text;

namespace Serverless.Storage.Accounts;

/// <summary>
/// Which storage account the service uses and how it signs in: either a <see cref="ConnectionString"/> (Azurite,
/// or an account key; development and tests), or a <see cref="BlobServiceUri"/> with a Microsoft Entra identity
/// (Azure). Hosts bind it from configuration, e.g. the section <c>Storage</c>, and hand it to
/// <see cref="BlobServiceClientFactory.Create"/>.
/// </summary>
/// <remarks>
/// The endpoint form mirrors the identity-based connections of Azure Functions (<c>…__blobServiceUri</c>,
/// <c>…__credential=managedidentity</c>, <c>…__clientId</c>). The connection string is the only secret the options
/// can hold; <see cref="ToString"/> never shows it, so the options can be logged as they are.
/// </remarks>
public sealed record StorageAccountOptions
{
    /// <summary>
    /// A storage connection string: <c>UseDevelopmentStorage=true</c>, Azurite's with an explicit <c>BlobEndpoint</c>,
    /// or <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…</c>. Set this or <see cref="BlobServiceUri"/>, not both.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// The Blob endpoint of the account, e.g. <c>https://account.blob.core.windows.net</c>, reached with a token
    /// credential (managed identity in Azure, the developer's sign-in elsewhere). Must be https.
    /// </summary>
    public Uri? BlobServiceUri { get; init; }

    /// <summary>
    /// The client id of a user-assigned managed identity to sign in with at <see cref="BlobServiceUri"/>. Null takes
    /// <c>DefaultAzureCredential</c>: environment, workload identity, the system-assigned identity, then developer tools.
    /// </summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Throws unless exactly one way to connect is configured, and that one completely.</summary>
    /// <exception cref="StorageConfigurationException">The options name no account, two ways to reach it, or an unusable endpoint.</exception>
    public void Validate()
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (BlobServiceUri is not null))
        {
            throw new StorageConfigurationException(hasConnectionString
                ? "The storage account is configured twice: set either ConnectionString or BlobServiceUri (with ManagedIdentityClientId for a user-assigned identity), not both."
                : "No storage account is configured: set ConnectionString (Azurite or an account key) or BlobServiceUri (with ManagedIdentityClientId for a user-assigned identity).");
        }

        if (hasConnectionString && ManagedIdentityClientId is not null)
        {
            throw new StorageConfigurationException("ManagedIdentityClientId applies to BlobServiceUri only; a connection string signs in with its own key.");
        }

        if (BlobServiceUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new StorageConfigurationException($"BlobServiceUri must be an absolute https address, because access tokens are never sent in clear text; '{uri}' is not.");
        }

        if (ManagedIdentityClientId is { } clientId && string.IsNullOrWhiteSpace(clientId))
        {
            throw new StorageConfigurationException("ManagedIdentityClientId is empty: give the client id of the user-assigned identity, or leave it out.");
        }
    }

    // The record's generated ToString would print the connection string with its account key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ConnectionString = ").Append(ConnectionString is null ? "null" : "(set, not shown)");
        builder.Append(", BlobServiceUri = ").Append(BlobServiceUri?.ToString() ?? "null");
        builder.Append(", ManagedIdentityClientId = ").Append(ManagedIdentityClientId ?? "null");
        return true;
    }
}
