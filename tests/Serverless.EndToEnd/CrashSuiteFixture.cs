namespace Serverless.EndToEnd;

/// <summary>
/// The local host of the crash suite: the task hub's messages come back 8 s after a kill (the shortest the host takes),
/// so each restart resumes its predecessor's work quickly; incremental backups are stored in 16 KiB artifacts, so
/// that a kill lands between artifacts and the capture resumes after the last one; full backups are resumable, in steps
/// of a zero budget (one or two chunks each), so that a kill lands between steps and the next continues from the chunks stored.
/// </summary>
public sealed class CrashSuiteFixture : LocalHostFixture
{
    protected override IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string> { ["SERVERLESS_DURABLE_VISIBILITY_SECONDS"] = "8", ["SERVERLESS_SEGMENT_ARTIFACT_BYTES"] = "16384", ["SERVERLESS_RESUMABLE_BACKUP_STEP_SECONDS"] = "0" };
}
