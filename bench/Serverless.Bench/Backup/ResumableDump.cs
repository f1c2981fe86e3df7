using Serverless.DataPlane;
using Serverless.DataPlane.Snapshots;
using Serverless.Storage.Artifacts;

namespace Serverless.Bench.Backup;

/// <summary>
/// Our resumable backup as the orchestration runs it: steps of a time budget called until the set completes (the
/// catch-up capture included), some of them cut off at a random moment as a killed host would be.
/// </summary>
internal static class ResumableDump
{
    /// <summary>Dumps <paramref name="database"/> into <paramref name="setId"/>; returns the stored bytes of the set and of its catch-up.</summary>
    public static async Task<long> RunAsync(
        ArtifactStore store, ServerConnection source, string database, string setId, TimeSpan stepBudget, int interruptions, int parallelism, CancellationToken cancellationToken)
    {
        var options = new SnapshotDumpOptions { Databases = [database], Parallelism = parallelism, IncludeUsers = false, StepBudget = stepBudget };
        var dumper = new ResumableSnapshotDumper(store);

        // A fixed seed: the same cut-off moments in every run, so the runs' median compares like with like.
        var random = new Random(18);
        var cut = 0;
        while (true)
        {
            using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (cut < interruptions)
            {
                step.CancelAfter(TimeSpan.FromSeconds(random.NextDouble() * Math.Max(1, stepBudget.TotalSeconds)));
            }

            try
            {
                var done = await dumper.DumpStepAsync(source, setId, options, step.Token);
                if (done.Summary is { } summary)
                {
                    var catchup = await ArtifactSetReader.OpenAsync(store, summary.CatchupSetId!, cancellationToken);
                    return summary.StoredBytes + catchup.Manifest.Artifacts.Sum(a => a.StoredBytes);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                cut++;
            }
        }
    }
}
