using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// A resumable dump's durable progress, the set's <c>dump.json</c> blob (docs/backup-format.md, "Resumable full
/// backups"): the plan its first step fixed (tables, chunk ranges, the definitions read before any row) and every
/// chunk stored for good with the binlog coordinates of the snapshot it was read in. Replaced only under its ETag.
/// </summary>
internal sealed record ResumableDumpState
{
    /// <summary>When the first step began: the set's creation time.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    public required IReadOnlyList<string> Databases { get; init; }

    public required IReadOnlyList<SnapshotTablePlan> Tables { get; init; }

    /// <summary>Each table's definition (<see cref="SnapshotCatalog.DefinitionOf"/>) when the dump was planned, by qualified name.</summary>
    public required Dictionary<string, string> Definitions { get; init; }

    /// <summary>Every planned chunk, in plan order (largest tables first).</summary>
    public required IReadOnlyList<ResumableChunkState> Chunks { get; init; }
}

/// <summary>One planned chunk of a resumable dump and, once stored, its artifact and the snapshot it was read in.</summary>
/// <param name="Table">The table's <see cref="SnapshotTablePlan.Index"/>.</param>
/// <param name="Chunk">The chunk's index within its table.</param>
/// <param name="Where">The WHERE/ORDER BY suffix selecting its key range (empty for the whole table).</param>
internal sealed record ResumableChunkState(int Table, int Chunk, string Where)
{
    /// <summary>The stored artifact; null until the chunk is stored for good.</summary>
    public ArtifactDescriptor? Artifact { get; init; }

    public long Rows { get; init; }

    /// <summary>The binlog coordinates of the snapshot the chunk was read in (its rows hold every change before them).</summary>
    public BinlogCoordinates? Position { get; init; }
}
