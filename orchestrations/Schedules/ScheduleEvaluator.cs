using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Schedules;

/// <summary>
/// Decides which schedules are due and starts their backups, then applies each schedule's retention. Called once a
/// minute: by a timer-triggered function in Azure, by a timer of the local host on one machine. Any number of
/// evaluators may run at once (two hosts, a timer that fires twice): each run is claimed once.
/// </summary>
/// <remarks>
/// <para>
/// A run is claimed by creating its execution document, keyed by schedule and due time; whoever creates it starts the
/// backup, everyone else leaves the run alone. The backup goes through <see cref="BackupService.CreateAsync"/> like a
/// client's request, with an id derived from the schedule and the due time: its <c>Backup</c> orchestration id is
/// therefore derived too, and a claim whose evaluator stopped (or failed) before recording an outcome is taken over
/// after <see cref="ClaimLease"/>, at the next pass, without starting a second backup.
/// </para>
/// <para>
/// Missed runs (no evaluator ran while they fell due, for example while the host was down): only the latest of them
/// runs, once, and its execution counts the ones it stands for. A busy instance (not <c>ACTIVE</c>: another backup,
/// a restart, …) skips the run, recorded with the reason; the schedule goes on at its next time.
/// </para>
/// </remarks>
public sealed class ScheduleEvaluator
{
    /// <summary>How long a claimed run may stay <see cref="ScheduleExecutionState.Pending"/> before another evaluator takes it over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    private readonly IDocumentStore _catalog;
    private readonly BackupService _backups;
    private readonly ScheduleRetention _retention;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="catalog">The catalog's document store.</param>
    /// <param name="backups">Starts and deletes backups, as for API requests.</param>
    /// <param name="timeProvider">The clock; the system clock when null. Tests pass a clock they move.</param>
    /// <param name="logger">Where runs and failures are logged; none when null.</param>
    public ScheduleEvaluator(IDocumentStore catalog, BackupService backups, TimeProvider? timeProvider = null, ILogger<ScheduleEvaluator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(backups);
        _catalog = catalog;
        _backups = backups;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _retention = new ScheduleRetention(catalog, backups, _time, _logger);
    }

    /// <summary>
    /// Starts the backup of every schedule whose next run is due (the latest due run when several were missed), then
    /// applies each schedule's retention. A schedule that cannot be evaluated (storage error) is logged and counted as
    /// failed; the others go on, and the next pass tries it again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>What the pass did.</returns>
    public Task<ScheduleEvaluation> EvaluateAsync(CancellationToken cancellationToken) =>
        EvaluateUnderAsync(ScheduleKeys.AllSchedulesPrefix, cancellationToken);

    /// <summary>Evaluates the schedules of one project only (tests share one catalog between projects).</summary>
    internal Task<ScheduleEvaluation> EvaluateProjectAsync(string projectId, CancellationToken cancellationToken) =>
        EvaluateUnderAsync(ScheduleKeys.SchedulesPrefix(projectId), cancellationToken);

    private async Task<ScheduleEvaluation> EvaluateUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        var total = new ScheduleEvaluation(0, 0, 0, 0, 0);
        await foreach (var key in _catalog.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, SchedulesJsonContext.Default.ScheduleView, cancellationToken).ConfigureAwait(false) is not { } document)
            {
                continue;
            }

            var schedule = document.Value;
            var outcome = new ScheduleEvaluation(1, 0, 0, 0, 0);
            try
            {
                outcome = await EvaluateAsync(schedule, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                ScheduleLog.EvaluationFailed(_logger, ex, schedule.Id, schedule.ProjectId);
                outcome = outcome with { Failed = 1 };
            }

            total = new ScheduleEvaluation(
                total.Schedules + outcome.Schedules, total.Started + outcome.Started, total.Skipped + outcome.Skipped, total.Failed + outcome.Failed, total.Pruned + outcome.Pruned);
        }

        return total;
    }

    private async Task<ScheduleEvaluation> EvaluateAsync(ScheduleView schedule, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var state = ScheduleExecutionState.Pending;
        if (schedule.NextRun <= now)
        {
            var pattern = CronPattern.Parse(schedule.Pattern);
            var (due, missed) = pattern.LatestDue(schedule.NextRun, now);
            state = await RunAsync(schedule, due, missed, now, cancellationToken).ConfigureAwait(false);

            // Advance only forward: another evaluator may have moved it already.
            var next = pattern.Next(due);
            await CatalogDocuments.ChangeAsync(_catalog, ScheduleKeys.Schedule(schedule.ProjectId, schedule.Id), SchedulesJsonContext.Default.ScheduleView, current =>
                current.NextRun >= next ? null : current with { NextRun = next, Updated = _time.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
        }

        // Claims whose evaluator stopped (or failed) before recording an outcome, for runs the schedule has moved past.
        var states = new List<string> { state };
        foreach (var stalled in await ScheduleService.ReadExecutionsAsync(_catalog, schedule.ProjectId, schedule.Id, cancellationToken).ConfigureAwait(false))
        {
            if (stalled.State == ScheduleExecutionState.Pending && now - stalled.Claimed >= ClaimLease)
            {
                states.Add(await RunAsync(schedule, stalled.Due, stalled.MissedRuns, now, cancellationToken).ConfigureAwait(false));
            }
        }

        var pruned = await _retention.ApplyAsync(schedule, cancellationToken).ConfigureAwait(false);
        return new ScheduleEvaluation(
            1,
            states.Count(s => s == ScheduleExecutionState.Started),
            states.Count(s => s == ScheduleExecutionState.Skipped),
            states.Count(s => s == ScheduleExecutionState.Failed),
            pruned);
    }

    /// <summary>Claims the run and starts its backup; returns the state it ended in, or Pending when another evaluator has it.</summary>
    private async Task<string> RunAsync(ScheduleView schedule, DateTimeOffset due, int missed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = ScheduleKeys.Execution(schedule.ProjectId, schedule.Id, due);
        var claim = new ScheduleExecutionView(
            ScheduleKeys.ExecutionId(schedule.Id, due), schedule.Id, schedule.ProjectId, schedule.InstanceId, due, now,
            ScheduleExecutionState.Pending, BackupId: null, Reason: null, missed, Pruned: null);
        try
        {
            await _catalog.CreateAsync(key, claim, SchedulesJsonContext.Default.ScheduleExecutionView, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Someone claimed it. Take it over only when that claim stalled (its evaluator stopped before recording an outcome).
            var takenOver = await CatalogDocuments.ChangeAsync(_catalog, key, SchedulesJsonContext.Default.ScheduleExecutionView, current =>
                current.State == ScheduleExecutionState.Pending && now - current.Claimed >= ClaimLease ? current with { Claimed = now } : null,
                cancellationToken).ConfigureAwait(false);
            if (!takenOver)
            {
                return ScheduleExecutionState.Pending;
            }
        }

        string state;
        string? backupId = null;
        string? reason = null;
        try
        {
            var request = new CreateBackupRequest(BackupName(schedule, due), schedule.InstanceId, schedule.Description, schedule.Incremental, ParentId: null)
            {
                BackupId = ScheduleKeys.BackupId(schedule.Id, due),
            };
            backupId = (await _backups.CreateAsync(schedule.ProjectId, request, cancellationToken).ConfigureAwait(false)).Id;
            state = ScheduleExecutionState.Started;
            ScheduleLog.RunStarted(_logger, schedule.Id, due, backupId, missed);
        }
        catch (InstanceBusyException ex)
        {
            state = ScheduleExecutionState.Skipped;
            reason = $"Instance {schedule.InstanceId} was {ex.Status}, not ACTIVE (another operation was running on it), so no backup was taken at this run; the schedule goes on at its next time.";
        }
        catch (CatalogNotFoundException)
        {
            state = ScheduleExecutionState.Failed;
            reason = $"Instance {schedule.InstanceId} no longer exists; delete the schedule.";
        }
        catch (CatalogValidationException ex)
        {
            state = ScheduleExecutionState.Failed;
            reason = $"The backup was refused: {ex.Message}";
        }

        if (reason is not null)
        {
            ScheduleLog.RunNotStarted(_logger, schedule.Id, due, state, reason);
        }

        await CatalogDocuments.ChangeAsync(_catalog, key, SchedulesJsonContext.Default.ScheduleExecutionView, current =>
            current.State != ScheduleExecutionState.Pending ? null : current with { State = state, BackupId = backupId, Reason = reason },
            cancellationToken).ConfigureAwait(false);
        return state;
    }

    private static string BackupName(ScheduleView schedule, DateTimeOffset due) =>
        string.Create(CultureInfo.InvariantCulture, $"{schedule.Name} {due.UtcDateTime:yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'}");
}
