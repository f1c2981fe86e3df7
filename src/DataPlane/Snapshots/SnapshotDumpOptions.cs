namespace Serverless.DataPlane.Snapshots;

/// <summary>What a <see cref="SnapshotDumper"/> copies and how.</summary>
public sealed record SnapshotDumpOptions
{
    /// <summary>Databases to dump; <see langword="null"/> means every user database (not mysql, sys, information_schema, performance_schema).</summary>
    public IReadOnlyList<string>? Databases { get; init; }

    /// <summary>Connections reading table chunks at once, all in one consistent snapshot.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>Rows per primary-key-range chunk (approximate: ranges are planned from key bounds and statistics).</summary>
    public long ChunkRows { get; init; } = 250_000;

    /// <summary>Whether accounts and their grants are part of the snapshot.</summary>
    public bool IncludeUsers { get; init; } = true;

    /// <summary>
    /// Accounts never copied, by user name (every host): the platform's own accounts such as the admin user.
    /// System accounts (root, mariadb.sys, mysql.*) are never copied either.
    /// </summary>
    public IReadOnlyCollection<string> ExcludedUsers { get; init; } = [];

    /// <summary>Extra string properties recorded in the manifest (for example the backup and instance ids).</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>
    /// For <see cref="ResumableSnapshotDumper"/>: how long one step may read chunks; after it no new chunk is started, the
    /// step records what it stored and returns, and the next step continues. Null for no limit (one step dumps everything).
    /// </summary>
    public TimeSpan? StepBudget { get; init; }

    /// <summary>Receives progress while rows are dumped, at most a few times a second.</summary>
    public IProgress<SnapshotProgress>? Progress { get; init; }
}
