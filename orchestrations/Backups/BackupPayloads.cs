namespace Serverless.Orchestrations.Backups;

/// <summary>Input of <c>Backup</c> and its dump step.</summary>
internal sealed record BackupInput(string ProjectId, string BackupId, string InstanceId, string OperationId)
{
    /// <summary>The backup an incremental backup continues; null for a full backup.</summary>
    public string? ParentId { get; init; }

    /// <summary>A full backup dumped in resumable steps (<see cref="DumpSnapshotStepActivity"/>) rather than in one snapshot.</summary>
    public bool Resumable { get; init; }
}

/// <summary>Output of a resumable dump step: the backup's result once complete, else how far the dump is.</summary>
internal sealed record DumpStepResult(BackupResult? Result, int ChunksStored, int ChunksPlanned);

/// <summary>Output of the dump step: what the completed backup records.</summary>
/// <param name="StoredBytes">Bytes stored in Blob storage.</param>
/// <param name="DataBytes">Space the data took on the instance.</param>
/// <param name="Rows">Rows in all tables.</param>
/// <param name="LocationRef">Where the artifacts are: <c>{container}/{backupId}</c>.</param>
internal sealed record BackupResult(long StoredBytes, long DataBytes, long Rows, string LocationRef)
{
    /// <summary>The earliest moment a restore through the backup reaches (its chain's snapshot time).</summary>
    public DateTimeOffset? CoveredFrom { get; init; }

    /// <summary>The moment a restore from the backup reproduces (snapshot time, or an incremental's capture time).</summary>
    public DateTimeOffset? CoveredTo { get; init; }
}

/// <summary>Input of the backup record step: a new status, with the fault or the result that goes with it.</summary>
internal sealed record BackupUpdate(string ProjectId, string BackupId, string Status, string? Fault, BackupResult? Result);

/// <summary>Input of the restore's load step.</summary>
internal sealed record LoadSnapshotInput(string ProjectId, string InstanceId, string OperationId, string BackupId)
{
    /// <summary>
    /// The incremental backups to apply after <see cref="BackupId"/> (a full backup), oldest first; empty to restore
    /// the full backup alone.
    /// </summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Point-in-time restore: apply the changes committed at or before this moment only.</summary>
    public DateTimeOffset? RestoreTime { get; init; }

    /// <summary>Point-in-time restore: apply the changes up to and including this GTID only.</summary>
    public string? RestoreGtid { get; init; }
}

/// <summary>Input of <c>DeleteBackup</c> and its steps.</summary>
internal sealed record DeleteBackupInput(string ProjectId, string BackupId);
