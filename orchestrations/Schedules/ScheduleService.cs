using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Schedules;

/// <summary>
/// Creates, lists, reads and deletes the backup schedules of a project's instances, and lists their runs. The runs
/// themselves are started by <see cref="ScheduleEvaluator"/>.
/// </summary>
/// <remarks>
/// Deleting a schedule stops its runs and forgets their records; the backups it took stay, as ordinary backups
/// (retention no longer touches them). Deleting an instance keeps its schedules: their runs then fail, saying the
/// instance is gone, until the schedule is deleted.
/// </remarks>
public sealed class ScheduleService
{
    /// <summary>The longest schedule name: backups are named after it plus their run time, within a backup name's 255.</summary>
    public const int MaxNameLength = 200;

    private const int MaxDescriptionLength = 512;
    private const int MaxKeepCount = 1000;
    private const int MaxKeepDays = 3650;

    private readonly IDocumentStore _catalog;
    private readonly InstanceService _instances;
    private readonly BackupService _backups;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="catalog">The catalog's document store.</param>
    /// <param name="instances">Finds the instance a schedule is for.</param>
    /// <param name="backups">Reads the backups the runs took.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public ScheduleService(IDocumentStore catalog, InstanceService instances, BackupService backups, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(backups);
        _catalog = catalog;
        _instances = instances;
        _backups = backups;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Validates the request and records the schedule; its first run is the pattern's first time after now.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="request">The schedule.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new schedule.</returns>
    /// <exception cref="CatalogValidationException">The name, description, pattern or retention is invalid.</exception>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="CatalogConflictException">A schedule with the requested id exists.</exception>
    public async Task<ScheduleView> CreateAsync(string projectId, CreateScheduleRequest request, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        var pattern = Validate(request);
        var instance = await _instances.GetAsync(projectId, request.InstanceId, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var schedule = new ScheduleView(
            request.ScheduleId ?? Guid.NewGuid().ToString("D"), projectId, instance.Id, request.Name.Trim(),
            string.IsNullOrEmpty(request.Description) ? null : request.Description, pattern.Text, request.Incremental,
            request.KeepCount, request.KeepDays, pattern.Next(now), now, now);
        try
        {
            await _catalog.CreateAsync(ScheduleKeys.Schedule(projectId, schedule.Id), schedule, SchedulesJsonContext.Default.ScheduleView, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentAlreadyExistsException)
        {
            throw new CatalogConflictException($"Schedule {schedule.Id} exists already: choose another id, or delete that schedule first.");
        }

        return schedule;
    }

    /// <summary>Lists the project's schedules, by next run then id.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">Only the schedules of this instance; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schedules.</returns>
    public async Task<IReadOnlyList<ScheduleView>> ListAsync(string projectId, string? instanceId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        var schedules = await ReadAllAsync(_catalog, ScheduleKeys.SchedulesPrefix(projectId), SchedulesJsonContext.Default.ScheduleView, cancellationToken).ConfigureAwait(false);
        return
        [
            .. schedules
                .Where(s => instanceId is null || s.InstanceId == instanceId)
                .OrderBy(s => s.NextRun)
                .ThenBy(s => s.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>Reads one of the project's schedules.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="scheduleId">The schedule.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such schedule.</exception>
    public async Task<ScheduleView> GetAsync(string projectId, string scheduleId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        return CatalogIds.IsWellFormed(scheduleId)
            && await _catalog.GetAsync(ScheduleKeys.Schedule(projectId, scheduleId), SchedulesJsonContext.Default.ScheduleView, cancellationToken).ConfigureAwait(false) is { } document
            ? document.Value
            : throw new CatalogNotFoundException("Schedule", scheduleId ?? "");
    }

    /// <summary>Deletes the schedule and the records of its runs; the backups it took are kept.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="scheduleId">The schedule.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">The project has no such schedule.</exception>
    public async Task DeleteAsync(string projectId, string scheduleId, CancellationToken cancellationToken)
    {
        await GetAsync(projectId, scheduleId, cancellationToken).ConfigureAwait(false);
        if (!await CatalogDocuments.DeleteAsync(_catalog, ScheduleKeys.Schedule(projectId, scheduleId), SchedulesJsonContext.Default.ScheduleView, _ => true, cancellationToken).ConfigureAwait(false))
        {
            throw new CatalogNotFoundException("Schedule", scheduleId);
        }

        await foreach (var key in _catalog.ListKeysAsync(ScheduleKeys.ExecutionsPrefix(projectId, scheduleId), cancellationToken).ConfigureAwait(false))
        {
            await CatalogDocuments.DeleteAsync(_catalog, key, SchedulesJsonContext.Default.ScheduleExecutionView, _ => true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists the runs of a schedule, newest first, each with its backup's current status.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="scheduleId">The schedule.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such schedule.</exception>
    public async Task<IReadOnlyList<ScheduleExecutionView>> ListExecutionsAsync(string projectId, string scheduleId, CancellationToken cancellationToken)
    {
        var schedule = await GetAsync(projectId, scheduleId, cancellationToken).ConfigureAwait(false);
        var executions = await ReadExecutionsAsync(_catalog, projectId, scheduleId, cancellationToken).ConfigureAwait(false);
        var backups = (await _backups.ListAsync(projectId, schedule.InstanceId, cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.Id, b => b.Status);
        return
        [
            .. executions
                .OrderByDescending(e => e.Due)
                .Select(e => e with { BackupStatus = e.BackupId is { } id && backups.TryGetValue(id, out var status) ? status : null }),
        ];
    }

    /// <summary>Forgets the record of one run of any of the project's schedules; its backup is kept.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="executionId">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">No schedule of the project has such a run.</exception>
    public async Task DeleteExecutionAsync(string projectId, string executionId, CancellationToken cancellationToken)
    {
        foreach (var schedule in await ListAsync(projectId, instanceId: null, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var key in _catalog.ListKeysAsync(ScheduleKeys.ExecutionsPrefix(projectId, schedule.Id), cancellationToken).ConfigureAwait(false))
            {
                if (await CatalogDocuments.DeleteAsync(_catalog, key, SchedulesJsonContext.Default.ScheduleExecutionView, e => e.Id == executionId, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        throw new CatalogNotFoundException("Execution", executionId ?? "");
    }

    /// <summary>Every run recorded for a schedule, oldest first.</summary>
    internal static Task<List<ScheduleExecutionView>> ReadExecutionsAsync(IDocumentStore catalog, string projectId, string scheduleId, CancellationToken cancellationToken) =>
        ReadAllAsync(catalog, ScheduleKeys.ExecutionsPrefix(projectId, scheduleId), SchedulesJsonContext.Default.ScheduleExecutionView, cancellationToken);

    /// <summary>Every document under a prefix, in key order; one deleted meanwhile is left out.</summary>
    internal static async Task<List<T>> ReadAllAsync<T>(IDocumentStore catalog, string prefix, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var documents = new List<T>();
        await foreach (var key in catalog.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (await catalog.GetAsync(key, typeInfo, cancellationToken).ConfigureAwait(false) is { } document)
            {
                documents.Add(document.Value);
            }
        }

        return documents;
    }

    private static CronPattern Validate(CreateScheduleRequest request)
    {
        if (request is null)
        {
            throw new CatalogValidationException("The request has no schedule.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > MaxNameLength || request.Name.Any(char.IsControl))
        {
            throw new CatalogValidationException($"The schedule name must be 1-{MaxNameLength} printable characters and not blank.");
        }

        if (request.Description is { Length: > MaxDescriptionLength })
        {
            throw new CatalogValidationException($"The schedule description must be at most {MaxDescriptionLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(request.InstanceId))
        {
            throw new CatalogValidationException("The instance to back up is missing: give the instance id.");
        }

        if (request.ScheduleId is { } id && !CatalogIds.IsWellFormed(id))
        {
            throw new CatalogValidationException("The schedule id must be 1-64 letters, digits, '-' or '_'.");
        }

        if (request.KeepCount is { } count && count is < 1 or > MaxKeepCount)
        {
            throw new CatalogValidationException($"Retention by count must keep 1-{MaxKeepCount} backups (was {count}); leave it out to keep any number.");
        }

        if (request.KeepDays is { } days && days is < 1 or > MaxKeepDays)
        {
            throw new CatalogValidationException($"Retention by age must keep 1-{MaxKeepDays} days of backups (was {days}); leave it out to keep backups of any age.");
        }

        return CronPattern.Parse(request.Pattern);
    }
}
