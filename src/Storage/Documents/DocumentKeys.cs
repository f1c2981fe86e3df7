namespace Serverless.Storage.Documents;

/// <summary>The rule for document keys, which are blob names; both stores apply it, so tests on memory catch what Blob storage would refuse.</summary>
/// <remarks>See "Naming and Referencing Containers, Blobs, and Metadata" in the Blob REST API docs.</remarks>
internal static class DocumentKeys
{
    private const int MaxLength = 1024;

    /// <summary>
    /// Throws unless <paramref name="key"/> is a usable blob name: 1-1024 characters, no <c>.</c> or <c>..</c>
    /// path segments (URL normalization would remove them and address another blob), no lone surrogates.
    /// </summary>
    public static void Validate(string key, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"A document key must have 1 to {MaxLength} characters; got {key.Length}.", parameterName);
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException($"The document key '{key}' has a '{segment}' path segment, which URLs cannot carry; choose another key.", parameterName);
            }
        }

        for (var i = 0; i < key.Length; i++)
        {
            if (char.IsSurrogate(key[i]) && !(char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[++i])))
            {
                throw new ArgumentException($"The document key '{key}' holds a lone UTF-16 surrogate; keys must be valid Unicode.", parameterName);
            }
        }
    }
}
