namespace Serverless.Storage.Artifacts;

/// <summary>
/// An artifact's stored bytes are not the ones its manifest describes: a different length or a different
/// SHA-256. The blob was changed, cut short or damaged after it was written, so nothing read from it can be
/// trusted.
/// </summary>
public sealed class ArtifactChecksumMismatchException : ArtifactException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setId">The artifact set.</param>
    /// <param name="artifactName">The artifact.</param>
    /// <param name="expectedStoredBytes">The stored length the manifest recorded.</param>
    /// <param name="actualStoredBytes">The stored length found (at least this many, when reading stopped at a surplus).</param>
    /// <param name="expectedSha256">The SHA-256 (lowercase hex) the manifest recorded.</param>
    /// <param name="actualSha256">The SHA-256 of the bytes found; null when reading stopped before the end.</param>
    public ArtifactChecksumMismatchException(string setId, string artifactName, long expectedStoredBytes, long actualStoredBytes, string expectedSha256, string? actualSha256)
        : base(setId, artifactName, BuildMessage(setId, artifactName, expectedStoredBytes, actualStoredBytes, expectedSha256, actualSha256))
    {
        ExpectedStoredBytes = expectedStoredBytes;
        ActualStoredBytes = actualStoredBytes;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The stored length the manifest recorded.</summary>
    public long ExpectedStoredBytes { get; }

    /// <summary>The stored length found.</summary>
    public long ActualStoredBytes { get; }

    /// <summary>The SHA-256 the manifest recorded, lowercase hex.</summary>
    public string ExpectedSha256 { get; }

    /// <summary>The SHA-256 of the stored bytes, lowercase hex; null when the length alone already differed.</summary>
    public string? ActualSha256 { get; }

    private static string BuildMessage(string setId, string artifactName, long expectedBytes, long actualBytes, string expectedSha256, string? actualSha256)
    {
        var found = actualSha256 is null
            ? $"its stored blob has {(actualBytes > expectedBytes ? "more than " : string.Empty)}{actualBytes:N0} bytes"
            : $"its stored blob has {actualBytes:N0} bytes with SHA-256 {actualSha256}";
        return $"Artifact '{artifactName}' of set '{setId}' failed verification: {found}, but the manifest recorded {expectedBytes:N0} bytes "
            + $"with SHA-256 {expectedSha256}. The blob was changed or damaged after it was written; do not use this set, "
            + "restore from another one or write the set again.";
    }
}
