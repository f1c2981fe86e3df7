namespace Serverless.Storage.Artifacts;

/// <summary>
/// Something is wrong with an artifact set or one of its artifacts. The subclasses say what; each names the
/// set (and the artifact, where there is one) and what the caller can do.
/// </summary>
public abstract class ArtifactException : Exception
{
    /// <summary>Creates the exception for <paramref name="setId"/> and, when the problem is one artifact's, <paramref name="artifactName"/>.</summary>
    protected ArtifactException(string setId, string? artifactName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SetId = setId;
        ArtifactName = artifactName;
    }

    /// <summary>The artifact set, e.g. a backup id.</summary>
    public string SetId { get; }

    /// <summary>The artifact's name within its set; null when the problem is the set's.</summary>
    public string? ArtifactName { get; }
}
