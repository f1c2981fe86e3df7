using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Schedules;

/// <summary>
/// Deletes the backups of a schedule that fell out of its retention window, whole chains at a time, so that no kept
/// backup ever loses a backup it depends on.
/// </summary>
/// <remarks>
/// <para>
/// The window: the schedule's newest <see cref="ScheduleView.KeepCount"/> completed backups, and (when both limits are
/// set, only those that are also) taken within the last <see cref="ScheduleView.KeepDays"/> days. A failed backup of
/// the schedule is in the window only while no completed one is newer.
/// </para>
/// <para>
/// A chain is a backup without a parent and every backup whose parent chain leads to it. A chain is deleted only when
/// every member was taken by this schedule (a client's own backups are never touched, nor chains they build on), none
/// is in the window or still being created, and it is not the chain of the schedule's newest completed backup.
/// Chains go oldest first, each newest member first, through <see cref="BackupService.DeleteAsync"/> (which refuses
/// to delete a backup others build on). Each deletion is recorded on the run that took the backup
/// (<see cref="ScheduleExecutionView.Pruned"/>). Running it again deletes nothing more: it is idempotent.
/// </para>
/// </remarks>
internal sealed class ScheduleRetention(IDocumentStore catalog, BackupService backups, TimeProvider time, ILogger logger)
{
    /// <summary>Applies the schedule's retention; returns how many backups it deleted.</summary>
    public async Task<int> ApplyAsync(ScheduleView schedule, CancellationToken cancellationToken)
    {
        if (schedule.KeepCount is null && schedule.KeepDays is null)
        {
            return 0;
        }

        var executions = await ScheduleService.ReadExecutionsAsync(catalog, schedule.ProjectId, schedule.Id, cancellationToken).ConfigureAwait(false);
        var taken = executions
            .Where(e => e.State == ScheduleExecutionState.Started && e.BackupId is not null && e.Pruned is null)
            .ToDictionary(e => e.BackupId!, StringComparer.Ordinal);
        if (taken.Count == 0)
        {
            return 0;
        }

        var all = await backups.ListAsync(schedule.ProjectId, schedule.InstanceId, cancellationToken).ConfigureAwait(false);
        var doomed = ChainsOutOfWindow(schedule, all, taken.Keys.ToHashSet(StringComparer.Ordinal), time.GetUtcNow());
        var pruned = 0;
        foreach (var chain in doomed)
        {
            foreach (var backup in chain)
            {
                if (!await DeleteAsync(schedule, backup.Id, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                var at = time.GetUtcNow();
                await CatalogDocuments.ChangeAsync(
                    catalog, ScheduleKeys.Execution(schedule.ProjectId, schedule.Id, taken[backup.Id].Due), SchedulesJsonContext.Default.ScheduleExecutionView,
                    e => e.Pruned is null ? e with { Pruned = at } : null, cancellationToken).ConfigureAwait(false);
                ScheduleLog.Pruned(logger, schedule.Id, backup.Id);
                pruned++;
            }
        }

        return pruned;
    }

    /// <summary>The chains to delete, oldest first, each ordered so that a backup comes before the one it builds on.</summary>
    internal static List<List<BackupView>> ChainsOutOfWindow(ScheduleView schedule, IReadOnlyList<BackupView> all, IReadOnlySet<string> taken, DateTimeOffset now)
    {
        var byId = all.ToDictionary(b => b.Id, StringComparer.Ordinal);
        var mine = all.Where(b => taken.Contains(b.Id)).ToList();
        var completed = mine.Where(b => b.Status == BackupStatus.Completed).OrderByDescending(b => b.Created).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        var newestCompleted = completed.FirstOrDefault();
        var window = completed
            .Take(schedule.KeepCount ?? int.MaxValue)
            .Where(b => schedule.KeepDays is not { } days || b.Created >= now - TimeSpan.FromDays(days))
            .Select(b => b.Id)
            .ToHashSet(StringComparer.Ordinal);
        window.UnionWith(mine.Where(b => b.Status != BackupStatus.Completed && (newestCompleted is null || b.Created > newestCompleted.Created)).Select(b => b.Id));

        var chains = all.GroupBy(b => RootOf(b, byId), StringComparer.Ordinal);
        var newestRoot = newestCompleted is null ? null : RootOf(newestCompleted, byId);
        return
        [
            .. chains
                .Where(chain => chain.Key != newestRoot
                    && chain.All(b => taken.Contains(b.Id) && !window.Contains(b.Id) && b.Status is not (BackupStatus.New or BackupStatus.Building)))
                .OrderBy(chain => chain.Min(b => b.Created))
                .Select(chain => chain.OrderByDescending(b => Depth(b, byId)).ThenByDescending(b => b.Created).ToList()),
        ];
    }

    private async Task<bool> DeleteAsync(ScheduleView schedule, string backupId, CancellationToken cancellationToken)
    {
        try
        {
            await backups.DeleteAsync(schedule.ProjectId, backupId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CatalogNotFoundException)
        {
            // Deleted meanwhile (by a client, or by another evaluator's retention): that is what retention wants.
            return true;
        }
        catch (CatalogConflictException ex)
        {
            ScheduleLog.PruneRefused(logger, schedule.Id, backupId, ex.Message);
            return false;
        }
    }

    // A backup whose parent is gone (deleted, or never visible) starts its own chain.
    private static string RootOf(BackupView backup, Dictionary<string, BackupView> byId)
    {
        var current = backup;
        var seen = new HashSet<string>(StringComparer.Ordinal) { current.Id };
        while (current.ParentId is { } parent && byId.TryGetValue(parent, out var next) && seen.Add(next.Id))
        {
            current = next;
        }

        return current.Id;
    }

    private static int Depth(BackupView backup, Dictionary<string, BackupView> byId)
    {
        var depth = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal) { backup.Id };
        for (var current = backup; current.ParentId is { } parent && byId.TryGetValue(parent, out var next) && seen.Add(next.Id); current = next)
        {
            depth++;
        }

        return depth;
    }
}
