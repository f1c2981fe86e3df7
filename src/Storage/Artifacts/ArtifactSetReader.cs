using System.Text.Json;
using Azure;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Reads a completed artifact set through its manifest: the manifest says which artifacts exist and what
/// their stored bytes must be, and every artifact is opened verified against it. A set without a manifest
/// is refused with <see cref="ArtifactSetIncompleteException"/>, whatever blobs it has.
/// </summary>
public sealed class ArtifactSetReader
{
    // A manifest lists descriptors of a few hundred bytes; this allows hundreds of thousands of artifacts
    // while a damaged or hostile blob cannot make the reader buffer gigabytes.
    private const long MaxManifestBytes = 256L * 1024 * 1024;

    private readonly ArtifactStore _store;
    private readonly Dictionary<string, ArtifactDescriptor> _byName;

    private ArtifactSetReader(ArtifactStore store, ArtifactManifest manifest)
    {
        _store = store;
        Manifest = manifest;
        _byName = manifest.Artifacts.ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    /// <summary>The set's manifest.</summary>
    public ArtifactManifest Manifest { get; }

    /// <summary>The set id.</summary>
    public string SetId => Manifest.SetId;

    /// <summary>The set's artifacts, in the order they were added.</summary>
    public IReadOnlyList<ArtifactDescriptor> Artifacts => Manifest.Artifacts;

    /// <summary>Opens set <paramref name="setId"/> by reading its manifest.</summary>
    /// <param name="store">Where the set is.</param>
    /// <param name="setId">The set.</param>
    /// <param name="cancellationToken">Cancels reading the manifest.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ArtifactSetIncompleteException">The set has no manifest: it was never completed, or does not exist.</exception>
    /// <exception cref="ArtifactFormatException">The manifest cannot be read: not JSON, another format version, another set's, or inconsistent.</exception>
    /// <exception cref="RequestFailedException">The manifest could not be downloaded, after the client's retries.</exception>
    public static async Task<ArtifactSetReader> OpenAsync(ArtifactStore store, string setId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArtifactNames.ValidateSetId(setId);

        BinaryData json;
        try
        {
            var manifestBlob = store.Container.GetBlobClient(ArtifactNames.ManifestBlob(setId));
            using var download = (await manifestBlob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var length = download.Details.ContentLength;
            if (length > MaxManifestBytes)
            {
                throw Unreadable(setId, $"it is {length:N0} bytes, more than the {MaxManifestBytes:N0} a manifest may have", null);
            }

            json = await BinaryData.FromStreamAsync(download.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ArtifactSetIncompleteException(setId, ex);
        }

        ArtifactManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, ArtifactManifestJsonContext.Default.ArtifactManifest);
        }
        catch (JsonException ex)
        {
            throw Unreadable(setId, $"it is not a valid manifest ({ex.Message})", ex);
        }

        if (manifest is null)
        {
            throw Unreadable(setId, "it is empty (null)", null);
        }

        if (manifest.FormatVersion != ArtifactManifest.CurrentFormatVersion)
        {
            throw Unreadable(setId, $"it has format version {manifest.FormatVersion}, and this code reads version {ArtifactManifest.CurrentFormatVersion}", null);
        }

        if (manifest.SetId != setId)
        {
            throw Unreadable(setId, $"it describes set '{manifest.SetId}'", null);
        }

        var duplicate = manifest.Artifacts.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Unreadable(setId, $"it lists artifact '{duplicate.Key}' more than once", null);
        }

        foreach (var artifact in manifest.Artifacts)
        {
            ArtifactStore.ValidateDescriptor(setId, artifact);
        }

        return new ArtifactSetReader(store, manifest);
    }

    /// <summary>The descriptor of artifact <paramref name="name"/>.</summary>
    /// <exception cref="ArtifactNotFoundException">The manifest does not list it.</exception>
    public ArtifactDescriptor GetArtifact(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out var artifact)
            ? artifact
            : throw new ArtifactNotFoundException(SetId, name, $"Artifact set '{SetId}' has no artifact named '{name}'; its manifest lists {Artifacts.Count} artifact(s).");
    }

    /// <summary>Opens artifact <paramref name="name"/> for a verified read; see <see cref="ArtifactStore.OpenReadAsync"/>.</summary>
    /// <param name="name">The artifact's name in the set.</param>
    /// <param name="cancellationToken">Cancels opening; reads take their own token.</param>
    /// <returns>The content; the read that reaches its end throws unless every check passed.</returns>
    /// <exception cref="ArtifactNotFoundException">The manifest does not list it, or its blob is gone.</exception>
    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        _store.OpenReadAsync(SetId, GetArtifact(name), cancellationToken);

    private static ArtifactFormatException Unreadable(string setId, string reason, Exception? innerException) => new(
        setId,
        artifactName: null,
        $"The manifest of artifact set '{setId}' cannot be read: {reason}. It was written by another version or altered; the set cannot be used.",
        innerException);
}
