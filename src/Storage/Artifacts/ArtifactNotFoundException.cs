namespace Serverless.Storage.Artifacts;

/// <summary>A set's manifest does not list the artifact asked for, or lists it but its blob is gone.</summary>
public sealed class ArtifactNotFoundException : ArtifactException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setId">The artifact set.</param>
    /// <param name="artifactName">The artifact.</param>
    /// <param name="message">What is missing and what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ArtifactNotFoundException(string setId, string artifactName, string message, Exception? innerException = null)
        : base(setId, artifactName, message, innerException)
    {
    }
}
