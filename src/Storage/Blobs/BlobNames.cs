namespace Serverless.Storage.Blobs;

/// <summary>Validation of container and blob names, and how blob names go into a URL path.</summary>
/// <remarks>See "Naming and Referencing Containers, Blobs, and Metadata" in the Blob REST API docs.</remarks>
internal static class BlobNames
{
    private const int MaxBlobNameLength = 1024;

    /// <summary>Throws unless <paramref name="name"/> is a valid container name: 3-63 characters of a-z, 0-9 and single hyphens, starting and ending with a letter or digit.</summary>
    public static void ValidateContainer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is >= 3 and <= 63
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && name[0] != '-'
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"'{name}' is not a valid container name: use 3-63 characters of lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(name));
        }
    }

    /// <summary>
    /// Throws unless <paramref name="name"/> is a usable blob name: 1-1024 characters, no
    /// <c>.</c> or <c>..</c> path segments (URL normalization would remove them), no lone surrogates.
    /// </summary>
    public static void ValidateBlob(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Length is 0 or > MaxBlobNameLength)
        {
            throw new ArgumentException($"A blob name must have 1 to {MaxBlobNameLength} characters; got {name.Length}.", parameterName);
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException($"The blob name '{name}' has a '{segment}' path segment, which URLs cannot carry; choose another name.", parameterName);
            }
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsSurrogate(name[i]) && !(char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[++i])))
            {
                throw new ArgumentException($"The blob name '{name}' holds a lone UTF-16 surrogate; names must be valid Unicode.", parameterName);
            }
        }
    }

    /// <summary>The blob name as URL path: each segment percent-encoded (UTF-8), the slashes kept.</summary>
    public static string EscapePath(string blobName) => string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));
}
