using System.Security.Cryptography;
using System.Text;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Key Vault secret names for the control plane's secret ids. Ids allow letters, digits, <c>-</c>, <c>_</c> and <c>.</c>
/// (128 characters) and are case-sensitive; Key Vault names are 1-127 letters, digits and <c>-</c>, compared without case.
/// Lowercase letters and digits stay; every other character becomes <c>-</c> and one code character (<c>--</c> for
/// <c>-</c>, <c>-0</c> for <c>_</c>, <c>-1</c> for <c>.</c>, <c>-a</c> for <c>A</c> …), so two ids never share a name.
/// A name that comes out longer than 127 is cut and ends in <c>-h</c> and a hash of the id.
/// </summary>
public static class KeyVaultSecretNames
{
    private const int MaxLength = 127;

    /// <summary>The Key Vault secret name of <paramref name="secretId"/>.</summary>
    /// <param name="secretId">The secret id.</param>
    /// <returns>The name.</returns>
    public static string For(string secretId)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        var name = new StringBuilder(secretId.Length + 8);
        foreach (var c in secretId)
        {
            _ = c switch
            {
                >= 'a' and <= 'z' or >= '0' and <= '9' => name.Append(c),
                >= 'A' and <= 'Z' => name.Append('-').Append(char.ToLowerInvariant(c)),
                '-' => name.Append("--"),
                '_' => name.Append("-0"),
                '.' => name.Append("-1"),
                _ => throw new ArgumentException($"The secret id '{secretId}' may hold letters, digits, '-', '_' and '.' only.", nameof(secretId)),
            };
        }

        if (name.Length <= MaxLength)
        {
            return name.ToString();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secretId)).AsSpan(0, 16));
        return $"{name.ToString(0, MaxLength - hash.Length - 2)}-h{hash}";
    }
}
