using System.Security.Cryptography;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Set ids, artifact names and the blob names they map to. A set lives under <c>{setId}/</c>; its manifest is
/// <c>{setId}/manifest.json</c>; each write of an artifact goes to a fresh blob <c>{setId}/{name}.{16 hex}</c>,
/// so a retried or late writer never overwrites a blob that a completed manifest points at.
/// </summary>
internal static class ArtifactNames
{
    /// <summary>The manifest's blob name within its set's folder.</summary>
    public const string ManifestFileName = "manifest.json";

    private const int MaxSetIdLength = 200;
    private const int MaxArtifactNameLength = 512;

    /// <summary>The manifest blob of <paramref name="setId"/>.</summary>
    public static string ManifestBlob(string setId) => $"{setId}/{ManifestFileName}";

    /// <summary>The folder (blob name prefix) of <paramref name="setId"/>.</summary>
    public static string SetPrefix(string setId) => setId + "/";

    /// <summary>A fresh blob name for one write of artifact <paramref name="name"/>.</summary>
    public static string NewArtifactBlob(string setId, string name) =>
        $"{setId}/{name}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    /// <summary>Throws unless <paramref name="setId"/> is 1-200 characters of letters, digits, '-', '_' and '.', and not "." or "..".</summary>
    public static void ValidateSetId(string setId)
    {
        ArgumentNullException.ThrowIfNull(setId);
        var valid = setId.Length is > 0 and <= MaxSetIdLength
            && setId is not ("." or "..")
            && setId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (!valid)
        {
            throw new ArgumentException($"'{setId}' is not a valid artifact set id: use 1-{MaxSetIdLength} letters, digits, '-', '_' or '.'.", nameof(setId));
        }
    }

    /// <summary>
    /// Throws unless <paramref name="name"/> is 1-512 characters of '/'-separated segments, none empty, "." or
    /// "..", without backslashes or control characters.
    /// </summary>
    public static void ValidateArtifactName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is > 0 and <= MaxArtifactNameLength
            && !name.Any(c => char.IsControl(c) || c == '\\' || char.IsSurrogate(c))
            && name.Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));
        if (!valid)
        {
            throw new ArgumentException(
                $"'{name}' is not a valid artifact name: use 1-{MaxArtifactNameLength} characters in '/'-separated segments, none empty, '.' or '..', without backslashes or control characters.",
                nameof(name));
        }
    }
}
