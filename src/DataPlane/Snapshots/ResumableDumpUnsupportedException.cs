namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// The databases hold something a resumable dump's catch-up cannot bring to one point (foreign keys: replayed rows events
/// carry the source's foreign-key checks, and an idempotent replay silently skips a child row whose parent a later chunk
/// no longer holds). Nothing was written; dump in one snapshot (<see cref="SnapshotDumper"/>) instead.
/// </summary>
public sealed class ResumableDumpUnsupportedException(string message) : Exception(message);
