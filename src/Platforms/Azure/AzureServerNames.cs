using System.Security.Cryptography;
using System.Text;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Flexible Server names for the control plane's server ids. Ids allow upper case, <c>_</c> and <c>.</c> and 64
/// characters; server names are 3-63 of <c>a-z 0-9 -</c>, not starting or ending with <c>-</c>, and global in Azure's
/// DNS. The name is the id made lowercase with other characters as <c>-</c>, cut to 54 characters, plus <c>-</c> and 8
/// hex digits of a hash of the resource group and the id: stable, distinct for ids that clean up alike, and distinct
/// between two deployments (resource groups) that use the same ids.
/// </summary>
public static class AzureServerNames
{
    private const int MaxPrefixLength = 54;

    /// <summary>The server name of <paramref name="serverId"/> in <paramref name="resourceGroup"/>.</summary>
    /// <param name="resourceGroup">The resource group of the servers.</param>
    /// <param name="serverId">The control plane's server id.</param>
    /// <returns>The name, e.g. <c>inst-7f3a-1c9e04b2</c>.</returns>
    public static string For(string resourceGroup, string serverId)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceGroup);
        ArgumentException.ThrowIfNullOrEmpty(serverId);
        var prefix = new StringBuilder(serverId.Length);
        foreach (var c in serverId.ToLowerInvariant())
        {
            var kept = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-';
            if (kept != '-' || (prefix.Length > 0 && prefix[^1] != '-'))
            {
                prefix.Append(kept);
            }
        }

        var cut = prefix.ToString(0, Math.Min(prefix.Length, MaxPrefixLength)).Trim('-');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{resourceGroup.ToLowerInvariant()}/{serverId}"));
        var suffix = Convert.ToHexStringLower(hash.AsSpan(0, 4));
        return cut.Length == 0 ? $"srv-{suffix}" : $"{cut}-{suffix}";
    }
}
