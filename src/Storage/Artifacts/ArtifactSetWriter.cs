using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// Builds one artifact set: add artifacts, then <see cref="CompleteAsync"/> writes the manifest, last and
/// exactly once. Until then the set is incomplete and <see cref="ArtifactSetReader"/> refuses it; a writer
/// that fails or is abandoned leaves only blobs no manifest points at.
/// </summary>
/// <remarks>Artifacts may be added concurrently; <see cref="CompleteAsync"/> must come after every add has finished.</remarks>
public sealed class ArtifactSetWriter
{
    private readonly ArtifactStore _store;
    private readonly Lock _lock = new();
    private readonly List<ArtifactDescriptor> _artifacts = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _writesInFlight;
    private bool _completed;

    /// <summary>Starts writing set <paramref name="setId"/>.</summary>
    /// <param name="store">Where the artifacts and the manifest go.</param>
    /// <param name="setId">The set, e.g. a backup id; it must not have been completed before.</param>
    /// <param name="createdAt">When the set was started, for the manifest; null takes the store's clock now.</param>
    public ArtifactSetWriter(ArtifactStore store, string setId, DateTimeOffset? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArtifactNames.ValidateSetId(setId);
        _store = store;
        SetId = setId;
        CreatedAt = createdAt ?? store.Options.TimeProvider.GetUtcNow();
    }

    /// <summary>The set being written.</summary>
    public string SetId { get; }

    /// <summary>When the set was started.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>What to record in the manifest's <see cref="ArtifactManifest.Properties"/>, e.g. binlog coordinates; never secrets.</summary>
    public IDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The artifacts added so far.</summary>
    public IReadOnlyList<ArtifactDescriptor> Artifacts
    {
        get
        {
            lock (_lock)
            {
                return [.. _artifacts];
            }
        }
    }

    /// <summary>Writes <paramref name="content"/> as artifact <paramref name="name"/> of this set (see <see cref="ArtifactStore.WriteAsync"/>) and records it.</summary>
    /// <param name="name">The artifact's name, unique within the set.</param>
    /// <param name="content">The content; read to its end and left open.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is recorded.</param>
    /// <returns>The artifact's descriptor.</returns>
    /// <exception cref="ArgumentException">The name is not valid or already in the set.</exception>
    /// <exception cref="InvalidOperationException">The set is already completed.</exception>
    public async Task<ArtifactDescriptor> AddAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArtifactNames.ValidateArtifactName(name);
        Reserve(name);
        ArtifactDescriptor artifact;
        try
        {
            artifact = await _store.WriteAsync(SetId, name, content, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_lock)
            {
                _names.Remove(name);
                _writesInFlight--;
            }

            throw;
        }

        lock (_lock)
        {
            _artifacts.Add(artifact);
            _writesInFlight--;
        }

        return artifact;
    }

    /// <summary>Records an artifact written elsewhere with <see cref="ArtifactStore.WriteAsync"/> for this set, e.g. by another activity.</summary>
    /// <param name="artifact">Its descriptor.</param>
    /// <exception cref="ArgumentException">The name is already in the set.</exception>
    /// <exception cref="ArtifactFormatException">The descriptor is not one written for this set.</exception>
    /// <exception cref="InvalidOperationException">The set is already completed.</exception>
    public void Add(ArtifactDescriptor artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArtifactStore.ValidateDescriptor(SetId, artifact);
        lock (_lock)
        {
            ThrowIfCompleted();
            if (!_names.Add(artifact.Name))
            {
                throw new ArgumentException($"Artifact set '{SetId}' already has an artifact named '{artifact.Name}'.", nameof(artifact));
            }

            _artifacts.Add(artifact);
        }
    }

    /// <summary>
    /// Completes the set: writes <c>{setId}/manifest.json</c> only if it does not exist yet, so a set is
    /// completed exactly once, by one writer. A retry of the same completion (a writer with the same creation
    /// time, artifacts and properties, e.g. an activity run again after a crash) gets the manifest already
    /// written instead of an error.
    /// </summary>
    /// <param name="cancellationToken">Cancels the write; the set stays incomplete.</param>
    /// <returns>The set's manifest.</returns>
    /// <exception cref="ArtifactSetAlreadyCompletedException">This writer already completed the set, or the set has a manifest with other content.</exception>
    /// <exception cref="InvalidOperationException">An <see cref="AddAsync"/> is still running.</exception>
    /// <exception cref="RequestFailedException">The manifest could not be written; the set stays incomplete and completing can be retried.</exception>
    public async Task<ArtifactManifest> CompleteAsync(CancellationToken cancellationToken = default)
    {
        ArtifactManifest manifest;
        lock (_lock)
        {
            if (_completed)
            {
                throw new ArtifactSetAlreadyCompletedException(SetId);
            }

            if (_writesInFlight > 0)
            {
                throw new InvalidOperationException($"Artifact set '{SetId}' cannot be completed while {_writesInFlight} artifact write(s) are running.");
            }

            manifest = new ArtifactManifest
            {
                SetId = SetId,
                CreatedAt = CreatedAt,
                CompletedAt = _store.Options.TimeProvider.GetUtcNow(),
                Compression = _store.Options.Compression,
                KeyId = _store.Options.KeyProvider?.CurrentKeyId,
                Artifacts = [.. _artifacts],
                Properties = new Dictionary<string, string>(Properties, StringComparer.Ordinal),
            };
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, ArtifactManifestJsonContext.Default.ArtifactManifest);
        var write = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await _store.Container.GetBlobClient(ArtifactNames.ManifestBlob(SetId)).UploadAsync(BinaryData.FromBytes(json), write, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // A retry whose first attempt did write (its answer was lost, or the activity calling this ran
            // again after a crash) finds its own manifest: the same artifacts, start time and properties.
            // Anything else is a different completion of the set, which must not replace the first.
            var existing = await TryReadManifestAsync(cancellationToken).ConfigureAwait(false);
            if (existing is null || !IsSameCompletion(existing, manifest))
            {
                throw new ArtifactSetAlreadyCompletedException(SetId, ex);
            }

            manifest = existing;
        }

        lock (_lock)
        {
            _completed = true;
        }

        return manifest;
    }

    private static bool IsSameCompletion(ArtifactManifest existing, ArtifactManifest attempted) =>
        existing.CreatedAt == attempted.CreatedAt
        && existing.Compression == attempted.Compression
        && existing.KeyId == attempted.KeyId
        && existing.Artifacts.SequenceEqual(attempted.Artifacts)
        && existing.Properties.Count == attempted.Properties.Count
        && existing.Properties.All(p => attempted.Properties.TryGetValue(p.Key, out var value) && value == p.Value);

    private async Task<ArtifactManifest?> TryReadManifestAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await ArtifactSetReader.OpenAsync(_store, SetId, cancellationToken).ConfigureAwait(false)).Manifest;
        }
        catch (ArtifactException)
        {
            return null;
        }
    }

    private void Reserve(string name)
    {
        lock (_lock)
        {
            ThrowIfCompleted();
            if (!_names.Add(name))
            {
                throw new ArgumentException($"Artifact set '{SetId}' already has an artifact named '{name}'.", nameof(name));
            }

            _writesInFlight++;
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException($"Artifact set '{SetId}' is completed; it takes no more artifacts.");
        }
    }
}
