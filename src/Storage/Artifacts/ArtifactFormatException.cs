namespace Serverless.Storage.Artifacts;

/// <summary>
/// An artifact or manifest is not in a form this code can read although its bytes are the ones that were
/// written: an unknown format version, a manifest that does not parse, or stored data that does not decode.
/// It points at a writer of another version or a bug, not at damage in storage.
/// </summary>
public sealed class ArtifactFormatException : ArtifactException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setId">The artifact set.</param>
    /// <param name="artifactName">The artifact; null when the manifest is at fault.</param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ArtifactFormatException(string setId, string? artifactName, string message, Exception? innerException = null)
        : base(setId, artifactName, message, innerException)
    {
    }
}
