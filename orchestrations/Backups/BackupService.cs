using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Creates, lists, reads and deletes a project's backups: validates the request, records the change in the
/// catalog and starts the orchestration that carries it out, then answers at once.
/// </summary>
/// <remarks>
/// <para>
/// A backup runs while its instance has status <c>BACKUP</c>: the instance moves there from <c>ACTIVE</c> under
/// an ETag condition, so a second backup (or a restart, or a delete) of a busy instance is refused with
/// <see cref="InstanceBusyException"/>, never interleaved. The instance goes back to <c>ACTIVE</c> when the
/// backup completes or fails; a failed backup does not break the instance.
/// </para>
/// <para>
/// Backups outlive their instance, as in Trove: deleting an instance keeps its backups. Restore one with
/// <c>InstanceService.CreateAsync</c> and <c>CreateInstanceRequest.BackupId</c>.
/// </para>
/// </remarks>
public sealed class BackupService
{
    private const int MaxNameLength = 255;
    private const int MaxDescriptionLength = 512;

    private readonly IDocumentStore _catalog;
    private readonly DurableTaskClient _client;
    private readonly TimeProvider _time;
    private readonly bool _resumable;

    /// <summary>Creates the service.</summary>
    /// <param name="catalog">The catalog's document store (the one the instance orchestrations use).</param>
    /// <param name="client">Starts and reads the orchestrations.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="options">Whether full backups are dumped in resumable steps; not when null.</param>
    public BackupService(IDocumentStore catalog, DurableTaskClient client, TimeProvider? timeProvider = null, ControlPlaneOptions? options = null)
    {
        _resumable = options?.ResumableBackups ?? false;
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(client);
        _catalog = catalog;
        _client = client;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Validates the request, moves the instance from <c>ACTIVE</c> to <c>BACKUP</c>, records the backup with
    /// status <c>NEW</c> and starts the <c>Backup</c> orchestration.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="request">What to back up.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new backup (status <c>NEW</c>; <see cref="BackupView.OperationId"/> names the backup operation).</returns>
    /// <exception cref="CatalogValidationException">The request is invalid (name, description), or the parent is a backup of another instance.</exception>
    /// <exception cref="CatalogNotFoundException">The project has no such instance, or no such parent backup.</exception>
    /// <exception cref="InstanceBusyException">The instance is not <c>ACTIVE</c>, for example because a backup of it runs.</exception>
    public async Task<BackupView> CreateAsync(string projectId, CreateBackupRequest request, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        Validate(request);
        var instanceId = request.InstanceId;
        if (!CatalogIds.IsWellFormed(instanceId))
        {
            throw new CatalogNotFoundException("Instance", instanceId ?? "");
        }

        if (request.BackupId is { } requestedId)
        {
            if (!CatalogIds.IsWellFormed(requestedId))
            {
                throw new CatalogValidationException("The backup id must be 1-64 letters, digits, '-' or '_'.");
            }

            if (await _catalog.GetAsync(CatalogKeys.Backup(projectId, requestedId), CatalogJsonContext.Default.BackupDocument, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing.Value.Backup;
            }
        }

        var parent = await ResolveParentAsync(projectId, instanceId, request, cancellationToken).ConfigureAwait(false);
        var backupId = request.BackupId ?? Guid.NewGuid().ToString("D");
        var operationId = Guid.NewGuid().ToString("D");
        var orchestrationId = $"backup-{backupId}";
        var now = _time.GetUtcNow();
        InstanceView? instance = null;
        var instanceKey = CatalogKeys.Instance(projectId, instanceId);
        var moved = await CatalogDocuments.ChangeAsync(_catalog, instanceKey, CatalogJsonContext.Default.InstanceDocument, document =>
        {
            instance = document.Instance;
            return instance.Status != InstanceStatus.Active
                ? throw new InstanceBusyException(instanceId, instance.Status)
                : document with { Instance = instance with { Status = InstanceStatus.Backup, OperationId = operationId, Fault = null, Updated = now } };
        }, cancellationToken).ConfigureAwait(false);
        if (!moved || instance is null)
        {
            throw new CatalogNotFoundException("Instance", instanceId);
        }

        CrashPoints.Reach(CrashPoints.AfterStatusChange);

        var backup = new BackupView(
            backupId, projectId, request.Name, string.IsNullOrEmpty(request.Description) ? null : request.Description, instanceId, parent?.Id,
            BackupStatus.New, instance.DatastoreType, instance.DatastoreVersion, SizeGigabytes: null, DataBytes: null, Rows: null, ProgressPercent: 0,
            LocationRef: null, Fault: null, operationId, now, now)
        {
            Kind = parent is null ? BackupKind.Full : BackupKind.Incremental,
            ChainId = parent is null ? backupId : parent.ChainId ?? parent.Id,
        };
        try
        {
            await _catalog.CreateAsync(CatalogKeys.Backup(projectId, backupId), new BackupDocument(backup, Deleting: false), CatalogJsonContext.Default.BackupDocument, cancellationToken).ConfigureAwait(false);
            await OperationRecords.CreateAsync(_catalog, projectId, operationId, instanceId, OperationKind.Backup, orchestrationId, now, cancellationToken).ConfigureAwait(false);
            CrashPoints.Reach(CrashPoints.BeforeSchedule);
            await _client.ScheduleNewOrchestrationInstanceAsync(
                BackupOrchestrator.Name, new BackupInput(projectId, backupId, instanceId, operationId) { ParentId = parent?.Id, Resumable = _resumable && parent is null }, new StartOrchestrationOptions(orchestrationId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Nothing will run the backup: give the instance back rather than leave it in BACKUP, and end the backup
            // and its operation as failed so that neither shows as running (and the backup can be deleted).
            var fault = $"The backup could not be started: {ex.Message}";
            await CatalogDocuments.ChangeAsync(_catalog, instanceKey, CatalogJsonContext.Default.InstanceDocument, document =>
                document.Instance.OperationId != operationId ? null : document with { Instance = document.Instance with { Status = InstanceStatus.Active, Updated = _time.GetUtcNow() } },
                CancellationToken.None).ConfigureAwait(false);
            await CatalogDocuments.ChangeAsync(_catalog, CatalogKeys.Backup(projectId, backupId), CatalogJsonContext.Default.BackupDocument, document =>
                document with { Backup = document.Backup with { Status = BackupStatus.Failed, Fault = fault, Updated = _time.GetUtcNow() } },
                CancellationToken.None).ConfigureAwait(false);
            await OperationRecords.UpdateAsync(
                _catalog, new OperationUpdate(projectId, operationId, OperationStatus.Failed, CurrentStep: null, ProgressPercent: 0, fault), _time, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return backup;
    }

    /// <summary>Lists the project's backups, oldest first (by creation time, then id).</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">Only the backups of this instance; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The backups; deleted ones are left out.</returns>
    public async Task<IReadOnlyList<BackupView>> ListAsync(string projectId, string? instanceId, CancellationToken cancellationToken)
    {
        var documents = await BackupCatalog.ListDocumentsAsync(_catalog, projectId, cancellationToken).ConfigureAwait(false);
        return
        [
            .. documents
                .Where(d => !d.Value.Deleting && (instanceId is null || d.Value.Backup.InstanceId == instanceId))
                .Select(d => d.Value.Backup)
                .OrderBy(b => b.Created)
                .ThenBy(b => b.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>Reads one of the project's backups.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="backupId">The backup.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The backup.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such backup (or it is being deleted).</exception>
    public Task<BackupView> GetAsync(string projectId, string backupId, CancellationToken cancellationToken) =>
        BackupCatalog.ReadAsync(_catalog, projectId, backupId, cancellationToken);

    /// <summary>
    /// Hides the backup at once and starts <c>DeleteBackup</c>, which deletes its artifacts and then its catalog
    /// entry. Should that fail, the backup shows again with status <c>DELETE_FAILED</c>.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="backupId">The backup.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">The project has no such backup.</exception>
    /// <exception cref="CatalogConflictException">
    /// Other backups build on this one (the message names them), or the backup is still <c>NEW</c> or <c>BUILDING</c>.
    /// </exception>
    public async Task DeleteAsync(string projectId, string backupId, CancellationToken cancellationToken)
    {
        var document = await BackupCatalog.ReadDocumentAsync(_catalog, projectId, backupId, cancellationToken).ConfigureAwait(false);
        var dependents = (await BackupCatalog.ListDocumentsAsync(_catalog, projectId, cancellationToken).ConfigureAwait(false))
            .Where(d => !d.Value.Deleting && d.Value.Backup.ParentId == backupId)
            .Select(d => d.Value.Backup.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (dependents.Count > 0)
        {
            throw new CatalogConflictException(
                $"Backup {backupId} cannot be deleted: incremental backups {string.Join(", ", dependents)} are based on it. Delete them first.");
        }

        // A restore that reads it must finish first (the replicas' seeds read a snapshot of their own, never a backup).
        var readers = new List<string>();
        await foreach (var key in _catalog.ListKeysAsync(CatalogKeys.InstancesPrefix(projectId), cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is { } instance
                && instance.Value.Instance.Status == InstanceStatus.Build
                && instance.Value.RestoresFrom.Contains(backupId, StringComparer.Ordinal))
            {
                readers.Add($"{instance.Value.Instance.Id} ({instance.Value.Instance.Name})");
            }
        }

        if (readers.Count > 0)
        {
            throw new CatalogConflictException(
                $"Backup {backupId} cannot be deleted: instance {string.Join(", ", readers.Order(StringComparer.Ordinal))} is being restored from it. Wait until the restore ends.");
        }

        // Hide it (decided on its current state: it may have changed since it was read), then delete in the background.
        var hidden = await CatalogDocuments.ChangeAsync(_catalog, document.Key, CatalogJsonContext.Default.BackupDocument, current =>
            current.Deleting ? null
            : current.Backup.Status is BackupStatus.New or BackupStatus.Building
                ? throw new CatalogConflictException(
                    $"Backup {backupId} is still being created (status {current.Backup.Status}): wait until it is COMPLETED or FAILED, then delete it.")
            : new BackupDocument(current.Backup with { Updated = _time.GetUtcNow() }, Deleting: true),
            cancellationToken).ConfigureAwait(false);
        if (!hidden)
        {
            throw new CatalogNotFoundException("Backup", backupId);
        }

        // A fresh id per request: a backup whose delete failed can be deleted again.
        var orchestrationId = $"delete-backup-{backupId}-{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            await _client.ScheduleNewOrchestrationInstanceAsync(
                DeleteBackupOrchestrator.Name, new DeleteBackupInput(projectId, backupId), new StartOrchestrationOptions(orchestrationId), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing will delete it: show the backup again rather than hide it for good.
            await CatalogDocuments.ChangeAsync(_catalog, document.Key, CatalogJsonContext.Default.BackupDocument, d => d with { Deleting = false }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The backup an incremental backup continues, as Trove chooses it: a named parent wins (by id, or by a name unique
    /// in the project); otherwise <c>incremental</c> takes the instance's latest COMPLETED backup, and a full backup is
    /// taken when there is none. Null for a full backup.
    /// </summary>
    private async Task<BackupView?> ResolveParentAsync(string projectId, string instanceId, CreateBackupRequest request, CancellationToken cancellationToken)
    {
        if (!request.Incremental && string.IsNullOrEmpty(request.ParentId))
        {
            return null;
        }

        var backups = (await BackupCatalog.ListDocumentsAsync(_catalog, projectId, cancellationToken).ConfigureAwait(false))
            .Where(d => !d.Value.Deleting)
            .Select(d => d.Value.Backup)
            .ToList();
        if (string.IsNullOrEmpty(request.ParentId))
        {
            return backups
                .Where(b => b.InstanceId == instanceId && b.Status == BackupStatus.Completed)
                .OrderByDescending(b => b.Created)
                .ThenByDescending(b => b.Id, StringComparer.Ordinal)
                .FirstOrDefault();
        }

        var wanted = request.ParentId;
        var named = backups.Where(b => b.Id == wanted).ToList();
        if (named.Count == 0)
        {
            // The clients send --parent as typed: it may be a name.
            named = [.. backups.Where(b => string.Equals(b.Name, wanted, StringComparison.Ordinal))];
        }

        var parent = named.Count switch
        {
            0 => throw new CatalogNotFoundException("Backup", wanted),
            1 => named[0],
            _ => throw new CatalogValidationException($"{named.Count} backups are named '{wanted}': give the parent backup's id."),
        };
        if (parent.InstanceId != instanceId)
        {
            throw new CatalogValidationException(
                $"Backup {parent.Id} is a backup of instance {parent.InstanceId}, not of {instanceId}: an incremental backup continues a backup of the same instance.");
        }

        return parent.Status == BackupStatus.Completed
            ? parent
            : throw new CatalogConflictException($"Backup {parent.Id} is {parent.Status}, not COMPLETED: an incremental backup can only continue a completed backup.");
    }

    private static void Validate(CreateBackupRequest request)
    {
        if (request is null)
        {
            throw new CatalogValidationException("The request has no backup.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength || request.Name.Any(char.IsControl))
        {
            throw new CatalogValidationException($"The backup name must be 1-{MaxNameLength} printable characters and not blank.");
        }

        if (request.Description is { Length: > MaxDescriptionLength })
        {
            throw new CatalogValidationException($"The backup description must be at most {MaxDescriptionLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(request.InstanceId))
        {
            throw new CatalogValidationException("The instance to back up is missing: give the instance id.");
        }
    }
}
