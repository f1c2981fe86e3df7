namespace Serverless.Storage.Artifacts;

/// <summary>
/// An artifact set has no manifest: it was never completed (its writer failed or is still running) or it
/// does not exist. Its artifacts, if any, are never read as good.
/// </summary>
public sealed class ArtifactSetIncompleteException : ArtifactException
{
    /// <summary>Creates the exception for <paramref name="setId"/>.</summary>
    public ArtifactSetIncompleteException(string setId, Exception? innerException = null)
        : base(
            setId,
            artifactName: null,
            $"Artifact set '{setId}' has no manifest: it was never completed (its writer failed or is still running) or it does not exist. "
            + "Its artifacts cannot be trusted; use a completed set.",
            innerException)
    {
    }
}
