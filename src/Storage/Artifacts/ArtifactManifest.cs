namespace Serverless.Storage.Artifacts;

/// <summary>
/// The record of a completed artifact set, stored as <c>{setId}/manifest.json</c> after every artifact has
/// been written. Its presence is what makes a set complete: readers find artifacts only through it, and a
/// set without it is never read as good.
/// </summary>
public sealed record ArtifactManifest
{
    /// <summary>The manifest format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The artifact set, e.g. a backup id.</summary>
    public required string SetId { get; init; }

    /// <summary>The manifest format version, <see cref="CurrentFormatVersion"/> when written by this code.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>When the set's writer started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the set was completed (the manifest written).</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>The compression the writer was configured with; each artifact records its own in <see cref="ArtifactDescriptor.Compression"/>.</summary>
    public required ArtifactCompression Compression { get; init; }

    /// <summary>The key id the writer encrypted with, null when it did not; each artifact records its own in <see cref="ArtifactDescriptor.KeyId"/>.</summary>
    public string? KeyId { get; init; }

    /// <summary>The set's artifacts, in the order they were added.</summary>
    public required IReadOnlyList<ArtifactDescriptor> Artifacts { get; init; }

    /// <summary>
    /// What the set's owner records with it, e.g. a backup's parent id and binlog coordinates. Never secrets:
    /// the manifest is readable by anyone who can list the container.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
