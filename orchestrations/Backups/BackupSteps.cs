using Microsoft.DurableTask;
using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Artifacts;

namespace Serverless.Orchestrations.Backups;

/// <summary>The steps that move backup data: their names, their share of an operation's progress, and their retries.</summary>
internal static class BackupSteps
{
    /// <summary>The backup step that dumps, and the share of the operation's progress it spans.</summary>
    public const string DumpSnapshotStep = "dump-snapshot";
    public const int DumpSnapshotStartPercent = 5;
    public const int DumpSnapshotEndPercent = 90;

    /// <summary>The incremental backup step that captures the binlog (it spans the dump's share of the progress).</summary>
    public const string CaptureBinlogStep = "capture-binlog";

    /// <summary>The restore step that loads, and the share of the create operation's progress it spans.</summary>
    public const string LoadSnapshotStep = "load-backup";
    public const int LoadSnapshotStartPercent = 15;
    public const int LoadSnapshotEndPercent = 40;

    /// <summary>
    /// The part of the load step that replays a chain's segments (reported as its own step name within the load's share
    /// of the operation's progress, after the snapshot).
    /// </summary>
    public const string ApplyBinlogStep = "apply-binlog";

    /// <summary>How often a running dump or load writes its progress to the catalog.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a running binlog capture writes its progress: more often than a dump, since a capture of minutes of
    /// binlog lasts seconds (two writes per tick, one per changed percent at most).
    /// </summary>
    public static readonly TimeSpan CaptureProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Retries for the steps that move data: a dropped connection is worth another attempt; a damaged or missing
    /// artifact is not, it will be as damaged the next time.
    /// </summary>
    public static readonly TaskOptions DataRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        OperationSteps.StepRetryPolicy.MaxNumberOfAttempts, OperationSteps.StepRetryPolicy.FirstRetryInterval, OperationSteps.StepRetryPolicy.BackoffCoefficient)
    {
        // A damaged artifact or a snapshot the target refuses fails the same way every time.
        HandleFailure = failure => !IsPermanent(failure) && (failure.InnerFailure is null || !IsPermanent(failure.InnerFailure)),
    });

    /// <summary>The percent of an operation when a step spanning <paramref name="start"/>-<paramref name="end"/> is <paramref name="stepPercent"/> done.</summary>
    public static int OperationPercent(int stepPercent, int start, int end) => start + (stepPercent * (end - start) / 100);

    private static bool IsPermanent(TaskFailureDetails failure) =>
        failure.IsCausedBy<ArtifactException>() || failure.IsCausedBy<SegmentCaptureException>() || failure.IsCausedBy<SnapshotLoadException>() || failure.IsCausedBy<SnapshotRowCountMismatchException>()
        || failure.IsCausedBy<ServerStoppedException>();
}
