using System.Globalization;
using System.Text.Json;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Snapshots;

/// <summary>What a completed snapshot holds, as recorded in its manifest.</summary>
/// <param name="SetId">The artifact set holding the snapshot.</param>
/// <param name="Position">Binlog coordinates and GTID set that the data matches exactly.</param>
/// <param name="Databases">Databases in the snapshot.</param>
/// <param name="Tables">Tables in the snapshot.</param>
/// <param name="Rows">Rows in all tables.</param>
/// <param name="OriginalBytes">Uncompressed bytes of every artifact.</param>
/// <param name="StoredBytes">Bytes stored in Blob storage (compressed, possibly encrypted).</param>
/// <param name="DataBytes">
/// Space the data took on the source server (InnoDB data and index length): what a restore needs on its volume.
/// </param>
/// <param name="StartedAt">When the snapshot was taken.</param>
/// <param name="CompletedAt">When the manifest was written.</param>
public sealed record SnapshotSummary(
    string SetId,
    BinlogCoordinates Position,
    IReadOnlyList<string> Databases,
    int Tables,
    long Rows,
    long OriginalBytes,
    long StoredBytes,
    long DataBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt)
{
    /// <summary>
    /// A resumable dump's catch-up segment (binlog from its earliest chunk's position to <see cref="Position"/>), which a
    /// load replays after the chunks; null for a dump read in one snapshot.
    /// </summary>
    public string? CatchupSetId { get; init; }

    /// <summary>
    /// Per table (<c>database.table</c>), the GTID position all its chunks already contain, so the catch-up replay skips
    /// its changes up to there; empty for a dump read in one snapshot.
    /// </summary>
    public IReadOnlyDictionary<string, string> TablePositions { get; init; } = NoTablePositions;

    // One shared empty map: summaries of the same one-snapshot set compare equal.
    private static readonly IReadOnlyDictionary<string, string> NoTablePositions = new Dictionary<string, string>();

    /// <summary>Reads the summary of a completed snapshot; <see langword="null"/> when the set has no manifest (never completed).</summary>
    /// <exception cref="ArtifactException">The manifest exists but cannot be read, or is not a snapshot's.</exception>
    public static async Task<SnapshotSummary?> TryReadAsync(ArtifactStore store, string setId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var reader = await ArtifactSetReader.OpenAsync(store, setId, cancellationToken).ConfigureAwait(false);
            return FromManifest(reader.Manifest);
        }
        catch (ArtifactSetIncompleteException)
        {
            return null;
        }
    }

    /// <summary>The summary recorded in a snapshot set's manifest properties.</summary>
    /// <exception cref="ArtifactFormatException">The manifest is not a snapshot's, or of another snapshot format version.</exception>
    internal static SnapshotSummary FromManifest(ArtifactManifest manifest)
    {
        var properties = manifest.Properties;
        if (!properties.TryGetValue(SnapshotFormat.FormatVersionKey, out var version))
        {
            throw new ArtifactFormatException(manifest.SetId, null, $"Artifact set '{manifest.SetId}' is complete but is not a snapshot (its manifest has no '{SnapshotFormat.FormatVersionKey}' property); use a set written by SnapshotDumper.");
        }

        if (version != SnapshotFormat.Version.ToString(CultureInfo.InvariantCulture) && version != SnapshotFormat.ResumableVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new ArtifactFormatException(manifest.SetId, null, $"Snapshot set '{manifest.SetId}' has snapshot format version {version}, and this code reads versions {SnapshotFormat.Version} and {SnapshotFormat.ResumableVersion}; load it with a matching version.");
        }

        try
        {
            return new SnapshotSummary(
                manifest.SetId,
                new BinlogCoordinates(properties[SnapshotFormat.BinlogFileKey], Number(properties[SnapshotFormat.BinlogPositionKey]), properties[SnapshotFormat.GtidSetKey]),
                JsonSerializer.Deserialize(properties[SnapshotFormat.DatabasesKey], SnapshotJsonContext.Default.StringArray) ?? [],
                (int)Number(properties[SnapshotFormat.TablesKey]),
                Number(properties[SnapshotFormat.RowsKey]),
                manifest.Artifacts.Sum(a => a.OriginalBytes),
                manifest.Artifacts.Sum(a => a.StoredBytes),
                Number(properties[SnapshotFormat.DataBytesKey]),
                manifest.CreatedAt,
                manifest.CompletedAt)
            {
                CatchupSetId = properties.GetValueOrDefault(SnapshotFormat.CatchupSetKey),
                TablePositions = properties.TryGetValue(SnapshotFormat.TablePositionsKey, out var positions)
                    ? JsonSerializer.Deserialize(positions, SnapshotJsonContext.Default.DictionaryStringString) ?? []
                    : NoTablePositions,
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or OverflowException or JsonException)
        {
            throw new ArtifactFormatException(manifest.SetId, null, $"The snapshot properties in the manifest of set '{manifest.SetId}' are missing or malformed ({ex.Message}); the set was altered and cannot be used.", ex);
        }
    }

    private static long Number(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
