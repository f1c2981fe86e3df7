namespace Serverless.Storage.Artifacts;

/// <summary>A set's manifest already exists, so the set cannot be completed again or changed.</summary>
public sealed class ArtifactSetAlreadyCompletedException : ArtifactException
{
    /// <summary>Creates the exception for <paramref name="setId"/>.</summary>
    public ArtifactSetAlreadyCompletedException(string setId, Exception? innerException = null)
        : base(
            setId,
            artifactName: null,
            $"Artifact set '{setId}' is already completed: its manifest exists and a set is completed exactly once. "
            + "Read the existing set, or write the artifacts under a new set id.",
            innerException)
    {
    }
}
