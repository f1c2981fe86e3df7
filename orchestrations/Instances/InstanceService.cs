using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Creates, lists, restarts and deletes a project's instances: validates the request, records the change in
/// the catalog and starts the orchestration that carries it out, then answers at once.
/// </summary>
/// <remarks>
/// <para>
/// A project only ever sees its own instances and operations: another project's ids are not found.
/// Operations that conflict on one instance are refused (<see cref="InstanceBusyException"/>), never
/// interleaved: the instance status moves from <c>ACTIVE</c> (or <c>ERROR</c> for delete) to the
/// operation's status under an ETag condition, so one of two concurrent requests wins.
/// </para>
/// <para>
/// A deleted instance disappears from the catalog once <c>DeleteInstance</c> completes; until then it is
/// listed with status <c>SHUTDOWN</c>. Its operation records stay, so the delete can be polled to the end.
/// </para>
/// <para>User passwords go to the <see cref="ISecretStore"/>; the catalog and the orchestration input hold their ids.</para>
/// </remarks>
public sealed class InstanceService
{
    private readonly IDocumentStore _catalog;
    private readonly DurableTaskClient _client;
    private readonly ISecretStore _secrets;
    private readonly TimeProvider _time;
    private readonly CatalogQueries _queries;

    /// <summary>Creates the service.</summary>
    /// <param name="catalog">The catalog's document store (the one the orchestrations' activities use).</param>
    /// <param name="client">Starts and reads the orchestrations.</param>
    /// <param name="secrets">Where user passwords are kept.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public InstanceService(IDocumentStore catalog, DurableTaskClient client, ISecretStore secrets, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(secrets);
        _catalog = catalog;
        _client = client;
        _secrets = secrets;
        _time = timeProvider ?? TimeProvider.System;
        _queries = new CatalogQueries(catalog, _time);
    }

    /// <summary>
    /// Validates the request, records the instance with status <c>BUILD</c> and starts <c>CreateInstance</c>.
    /// With <see cref="CreateInstanceRequest.BackupId"/> the new instance is restored from that backup, which must be
    /// <c>COMPLETED</c> and fit the requested volume; the checks run before anything is created.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="request">What to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new instance (status <c>BUILD</c>; <see cref="InstanceView.OperationId"/> names the create operation).</returns>
    /// <exception cref="CatalogValidationException">The request is invalid; the message says what to fix.</exception>
    /// <exception cref="CatalogNotFoundException">The flavor, datastore, datastore version or backup to restore does not exist.</exception>
    /// <exception cref="CatalogConflictException">The project has an instance of that name, or the backup to restore is not <c>COMPLETED</c>.</exception>
    public async Task<InstanceView> CreateAsync(string projectId, CreateInstanceRequest request, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        if (request is null)
        {
            throw new CatalogValidationException("The request has no instance.");
        }

        BackupView? backup = null;
        RestoreChain? chain = null;
        if (request.BackupId is null && (request.RestoreTime is not null || request.RestoreGtid is not null))
        {
            throw new CatalogValidationException("A restore time or GTID needs the backup to restore from: name a backup of the chain.");
        }

        if (request.BackupId is { } backupId)
        {
            // A restore takes the backup's datastore unless the request names one.
            backup = await RestoreValidation.GetRestorableAsync(_catalog, projectId, backupId, cancellationToken).ConfigureAwait(false);
            chain = await BackupChains.ResolveAsync(_catalog, projectId, backup, request.RestoreTime, request.RestoreGtid, cancellationToken).ConfigureAwait(false);
            request = request with
            {
                DatastoreType = string.IsNullOrWhiteSpace(request.DatastoreType) ? backup.Datastore : request.DatastoreType,
                DatastoreVersion = string.IsNullOrWhiteSpace(request.DatastoreVersion) ? backup.DatastoreVersion : request.DatastoreVersion,
            };
        }

        var plan = await CreateInstanceValidation.ValidateAsync(request, _queries, cancellationToken).ConfigureAwait(false);
        if (backup is not null)
        {
            RestoreValidation.EnsureSameDatastore(backup, plan.Datastore.Name, plan.Version.Name);
            RestoreValidation.EnsureFits(backup, request.VolumeSizeGigabytes);
        }

        var configuration = request.Configuration is { } group
            ? await ConfigurationGroups.FindForAsync(_catalog, projectId, group, plan.Datastore.Name, plan.Version.Name, plan.Version.Id, cancellationToken).ConfigureAwait(false)
            : null;
        var instanceId = Guid.NewGuid().ToString("D");
        var operationId = Guid.NewGuid().ToString("D");
        var orchestrationId = $"create-{instanceId}";
        var now = _time.GetUtcNow();

        await InstanceNames.ClaimAsync(_catalog, projectId, request.Name, instanceId, now, cancellationToken).ConfigureAwait(false);

        var users = new List<UserReference>(plan.Users.Count);
        for (var i = 0; i < plan.Users.Count; i++)
        {
            var user = plan.Users[i];
            var secretId = CatalogIds.UserSecret(instanceId, i);
            await _secrets.CreateAsync(secretId, user.Password, cancellationToken).ConfigureAwait(false);
            users.Add(new UserReference(user.Name, user.Host, user.Databases, secretId));
        }

        var view = new InstanceView(
            instanceId, projectId, request.Name, InstanceStatus.Build, plan.Flavor.Id, plan.Datastore.Name, plan.Version.Name,
            request.VolumeSizeGigabytes, VolumeUsedGigabytes: null, Host: null, Port: null, now, now, operationId, Fault: null)
        {
            Access = request.Access ?? InstanceAccess.Private,
            ConfigurationId = configuration?.Id,
        };
        var instance = new InstanceDocument(view, CatalogIds.AdminSecret(instanceId), plan.Databases, users)
        {
            RestoresFrom = chain is null ? [] : [chain.FullId, .. chain.Segments],
        };
        await _catalog.CreateAsync(CatalogKeys.Instance(projectId, instanceId), instance, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.AfterStatusChange);
        await CreateOperationAsync(projectId, operationId, instanceId, OperationKind.Create, orchestrationId, now, cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.BeforeSchedule);

        var spec = new ServerSpec(
            instanceId,
            CatalogIds.MySqlServerId(instanceId),
            new FlavorSpec(plan.Flavor.VCpus, plan.Flavor.RamMegabytes, plan.Flavor.MaxConnections),
            request.VolumeSizeGigabytes,
            ReadOnly: false,
            instance.AdminSecretId);
        var input = new CreateInstanceInput(projectId, instanceId, operationId, spec, plan.Databases, users, chain?.FullId)
        {
            ConfigurationId = view.ConfigurationId,
            RestoreSegments = chain?.Segments ?? [],
            RestoreTime = request.RestoreTime,
            RestoreGtid = request.RestoreGtid,
        };
        await _client.ScheduleNewOrchestrationInstanceAsync(
            CreateInstanceOrchestrator.Name, input, new StartOrchestrationOptions(orchestrationId), cancellationToken).ConfigureAwait(false);
        return view;
    }

    /// <summary>Lists the project's instances, oldest first.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instances.</returns>
    public async Task<IReadOnlyList<InstanceView>> ListAsync(string projectId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        var instances = new List<InstanceView>();
        await foreach (var key in _catalog.ListKeysAsync(CatalogKeys.InstancesPrefix(projectId), cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is { } instance)
            {
                instances.Add(instance.Value.Instance);
            }
        }

        return [.. instances.OrderBy(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    /// <summary>Reads one of the project's instances.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instance.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    public async Task<InstanceView> GetAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await ReadInstanceAsync(projectId, instanceId, cancellationToken).ConfigureAwait(false);
        return instance.Value.Instance;
    }

    /// <summary>
    /// Moves an <c>ACTIVE</c> or <c>ERROR</c> instance to <c>SHUTDOWN</c> and starts <c>DeleteInstance</c>, which
    /// deletes the server, the instance's secrets and finally the instance's catalog entry. Asking again while
    /// the delete runs returns the same operation.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The delete operation.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="InstanceBusyException">Another operation runs on the instance (<c>BUILD</c>, <c>REBOOT</c> or <c>BACKUP</c>).</exception>
    public Task<OperationView> DeleteAsync(string projectId, string instanceId, CancellationToken cancellationToken) =>
        StartOperationAsync(projectId, instanceId, OperationKind.Delete, cancellationToken);

    /// <summary>Moves an <c>ACTIVE</c> instance to <c>REBOOT</c> and starts <c>RestartInstance</c>, which restarts its server.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The restart operation.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="InstanceBusyException">The instance is not <c>ACTIVE</c>.</exception>
    public Task<OperationView> RestartAsync(string projectId, string instanceId, CancellationToken cancellationToken) =>
        StartOperationAsync(projectId, instanceId, OperationKind.Restart, cancellationToken);

    /// <summary>Reads one of the project's operations: status, current step, progress and error.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="operationId">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such operation.</exception>
    public async Task<OperationView> GetOperationAsync(string projectId, string operationId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        if (!CatalogIds.IsWellFormed(operationId)
            || await _catalog.GetAsync(CatalogKeys.Operation(projectId, operationId), CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            throw new CatalogNotFoundException("Operation", operationId ?? "");
        }

        var operation = stored.Value;
        if (operation.Status != OperationStatus.Running)
        {
            return operation.ToView();
        }

        // While it runs, the orchestration's custom status is the live step; the record holds the end state.
        var metadata = await _client.GetInstanceAsync(operation.OrchestrationId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return operation.ToView();
        }

        // A step that moves data (a dump, a load) records finer progress in the record itself as it goes, possibly
        // under a part's own name (the load's "apply-binlog"): a record ahead of the step's start percent is that.
        var progress = metadata.ReadCustomStatusAs<OperationProgress>();
        var recordAhead = progress is not null && operation.ProgressPercent > progress.Percent;
        var percent = progress is null ? operation.ProgressPercent
            : progress.Step == operation.CurrentStep || recordAhead ? Math.Max(progress.Percent, operation.ProgressPercent)
            : progress.Percent;
        var view = operation.ToView() with
        {
            CurrentStep = recordAhead ? operation.CurrentStep : progress?.Step ?? operation.CurrentStep,
            ProgressPercent = percent,
            Updated = metadata.LastUpdatedAt > operation.Updated ? metadata.LastUpdatedAt : operation.Updated,
        };
        return metadata.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
            ? view with { Status = OperationStatus.Failed, Error = $"The {operation.Kind} operation stopped unexpectedly ({metadata.RuntimeStatus}); contact the operator." }
            : view;
    }

    /// <summary>
    /// Lists the operations that ran or run on one of the project's instances, newest first, each as
    /// <see cref="GetOperationAsync"/> reads it (a running one with its live step and progress).
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="limit">The most operations to answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operations, newest first.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    public async Task<IReadOnlyList<OperationView>> ListOperationsAsync(string projectId, string instanceId, int limit, CancellationToken cancellationToken)
    {
        await ReadInstanceAsync(projectId, instanceId, cancellationToken).ConfigureAwait(false);

        // Operation records are keyed by operation id alone, so finding an instance's means reading the project's
        // records; they are small, and the console asks for one instance at a time.
        var stored = new List<OperationDocument>();
        await foreach (var key in _catalog.ListKeysAsync(CatalogKeys.OperationsPrefix(projectId), cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false) is { } operation
                && string.Equals(operation.Value.InstanceId, instanceId, StringComparison.Ordinal))
            {
                stored.Add(operation.Value);
            }
        }

        var views = new List<OperationView>();
        foreach (var operation in stored.OrderByDescending(o => o.Created).ThenBy(o => o.Id, StringComparer.Ordinal).Take(Math.Max(limit, 0)))
        {
            views.Add(operation.Status == OperationStatus.Running
                ? await GetOperationAsync(projectId, operation.Id, cancellationToken).ConfigureAwait(false)
                : operation.ToView());
        }

        return views;
    }

    /// <summary>
    /// Brings the catalog in line with what the platform found when the host started (<see cref="IDatabasePlatform.ReconcileAsync"/>):
    /// an ACTIVE instance whose server is missing (e.g. its data deleted by hand) or failed to come back becomes ERROR with a fault
    /// saying why. Instances in the middle of an operation are left to that operation. Returns the ids marked.
    /// </summary>
    /// <param name="statuses">The platform's reconcile result; server ids are instance ids.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public async Task<IReadOnlyList<string>> MarkUnavailableServersAsync(IEnumerable<ServerStatus> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var unavailable = statuses
            .Where(s => s.State is ServerState.Missing or ServerState.Failed)
            .ToDictionary(s => s.ServerId, StringComparer.Ordinal);
        var marked = new List<string>();
        if (unavailable.Count == 0)
        {
            return marked;
        }

        await foreach (var key in _catalog.ListKeysAsync("projects/", cancellationToken).ConfigureAwait(false))
        {
            // Instance documents are projects/{projectId}/instances/{instanceId}.
            var parts = key.Split('/');
            if (parts.Length != 4 || parts[2] != "instances" || !unavailable.TryGetValue(parts[3], out var status))
            {
                continue;
            }

            var fault = status.State == ServerState.Missing
                ? "The database server is missing: its data was removed outside the service. Delete the instance, or restore it from a backup."
                : $"The database server could not be started: {status.Message ?? "no reason given"}.";
            if (await MarkErrorIfActiveAsync(key, fault, cancellationToken).ConfigureAwait(false))
            {
                marked.Add(parts[3]);
            }
        }

        return marked;
    }

    private async Task<OperationView> StartOperationAsync(string projectId, string instanceId, string kind, CancellationToken cancellationToken)
    {
        var operationId = Guid.NewGuid().ToString("D");
        var newStatus = kind == OperationKind.Delete ? InstanceStatus.Shutdown : InstanceStatus.Reboot;
        while (true)
        {
            var instance = await ReadInstanceAsync(projectId, instanceId, cancellationToken).ConfigureAwait(false);
            var current = instance.Value.Instance;
            if (kind == OperationKind.Delete && current.Status == InstanceStatus.Shutdown && current.OperationId is { } running)
            {
                return await GetOperationAsync(projectId, running, cancellationToken).ConfigureAwait(false);
            }

            if (kind == OperationKind.Delete && current.Replicas.Count > 0)
            {
                throw new CatalogConflictException(
                    $"Instance {instanceId} is the replication source of {string.Join(", ", current.Replicas)}: detach or delete its replicas first, or promote one of them.");
            }

            // RESTART_REQUIRED runs like ACTIVE: a restart is what it asks for, and a delete needs nothing from it.
            var allowed = current.Status is InstanceStatus.Active or InstanceStatus.RestartRequired
                || (kind == OperationKind.Delete && current.Status == InstanceStatus.Error);
            if (!allowed)
            {
                throw new InstanceBusyException(instanceId, current.Status);
            }

            var now = _time.GetUtcNow();
            try
            {
                await _catalog.ReplaceAsync(
                    instance.Key,
                    instance.Value with { Instance = current with { Status = newStatus, OperationId = operationId, Fault = null, Updated = now } },
                    instance.ETag,
                    CatalogJsonContext.Default.InstanceDocument,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (DocumentChangedException)
            {
                // Someone changed the instance since we read it: decide again on its new state.
                continue;
            }

            CrashPoints.Reach(CrashPoints.AfterStatusChange);

            // Per operation: a delete interrupted by reset_status leaves a terminated orchestration, and the next delete needs a new id.
            var orchestrationId = kind == OperationKind.Delete ? $"delete-{operationId}" : $"restart-{operationId}";
            var operation = await CreateOperationAsync(projectId, operationId, instanceId, kind, orchestrationId, now, cancellationToken).ConfigureAwait(false);
            var input = new InstanceOperationInput(projectId, instanceId, operationId, kind == OperationKind.Delete ? instance.Value.SecretIds() : []);
            CrashPoints.Reach(CrashPoints.BeforeSchedule);
            await _client.ScheduleNewOrchestrationInstanceAsync(
                kind == OperationKind.Delete ? DeleteInstanceOrchestrator.Name : RestartInstanceOrchestrator.Name,
                input,
                new StartOrchestrationOptions(orchestrationId),
                cancellationToken).ConfigureAwait(false);
            return operation.ToView();
        }
    }

    private Task<OperationDocument> CreateOperationAsync(string projectId, string operationId, string instanceId, string kind, string orchestrationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        OperationRecords.CreateAsync(_catalog, projectId, operationId, instanceId, kind, orchestrationId, now, cancellationToken);

    private Task<bool> MarkErrorIfActiveAsync(string key, string fault, CancellationToken cancellationToken) =>
        CatalogDocuments.ChangeAsync(
            _catalog,
            key,
            CatalogJsonContext.Default.InstanceDocument,
            instance => instance.Instance.Status != InstanceStatus.Active ? null : instance with
            {
                Instance = instance.Instance with { Status = InstanceStatus.Error, Fault = fault, Updated = _time.GetUtcNow() },
            },
            cancellationToken);

    private async Task<Document<InstanceDocument>> ReadInstanceAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        if (!CatalogIds.IsWellFormed(instanceId)
            || await _catalog.GetAsync(CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            throw new CatalogNotFoundException("Instance", instanceId ?? "");
        }

        return instance;
    }
}
