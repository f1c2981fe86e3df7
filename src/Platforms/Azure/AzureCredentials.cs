using Azure.Core;
using Azure.Identity;

namespace Serverless.Platforms.Azure;

/// <summary>The credential the control plane authenticates to Azure with (ARM, Blob Storage, Key Vault).</summary>
public static class AzureCredentials
{
    /// <summary>
    /// In Azure, the app's user-assigned managed identity (its client id is the app setting
    /// <see cref="AzureAppSettings.ManagedIdentityClientId"/>); without one, <see cref="DefaultAzureCredential"/>, which
    /// on an operator's machine takes the Azure CLI's login.
    /// </summary>
    /// <param name="managedIdentityClientId">The client id of the user-assigned identity; null or empty for the default chain.</param>
    /// <returns>The credential.</returns>
    public static TokenCredential Create(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));
}
