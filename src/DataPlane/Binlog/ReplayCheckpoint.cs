namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Names a replay whose progress <see cref="SegmentApplier"/> records on the target, so that a run of the same replay
/// after an interruption (host killed, step cancelled, a damaged artifact replaced) continues after the last event group
/// it committed instead of starting over (docs/backup-format.md, "Restore").
/// </summary>
/// <param name="LoadId">The load the replay follows (<see cref="Snapshots.SnapshotLoadOptions.LoadId"/>): the restore operation.</param>
/// <param name="Name">Which of the load's replays: a resumable snapshot's catch-up, the chain's segments.</param>
public sealed record ReplayCheckpoint(string LoadId, string Name);
