using System.Net;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Changes an existing instance: reset its status (Trove <c>reset_status</c>), resize its flavor or volume, rename it and
/// set who may connect. Each update attribute is its own method so that the API's update handler can combine them.
/// </summary>
/// <remarks>
/// <para>
/// Reset never cancels silently: the running operation's orchestration is terminated, its record FAILED with a message
/// naming the reset, the reset's own record (<see cref="OperationKind.ResetStatus"/>) notes what it interrupted, and
/// backups of the instance that were being taken become FAILED. The instance moves to the reset operation first, so an
/// activity of the terminated orchestration that still finishes finds its catalog steps refused (they are guarded by
/// operation id) and cannot bring the instance back.
/// </para>
/// <para>A resize is validated before anything starts; <c>flavor</c> and <c>volume</c> change on the instance only once it is done.</para>
/// </remarks>
public sealed class InstanceChangeService
{
    private readonly IDocumentStore _catalog;
    private readonly DurableTaskClient _client;
    private readonly TimeProvider _time;
    private readonly CatalogQueries _queries;

    /// <summary>Creates the service.</summary>
    /// <param name="catalog">The catalog's document store.</param>
    /// <param name="client">Starts, reads and terminates the orchestrations.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public InstanceChangeService(IDocumentStore catalog, DurableTaskClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(client);
        _catalog = catalog;
        _client = client;
        _time = timeProvider ?? TimeProvider.System;
        _queries = new CatalogQueries(catalog, _time);
    }

    /// <summary>
    /// Puts the instance in <c>ERROR</c> with no running operation, whatever state it is in (Trove <c>reset_status</c>), so that
    /// it can be deleted. The operation that ran on it is terminated and recorded as interrupted.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reset's operation record (completed), whose <see cref="OperationView.Note"/> says what was interrupted.</returns>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    public async Task<OperationView> ResetStatusAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var resetId = Guid.NewGuid().ToString("D");
        string? previousStatus = null;
        var moved = await CatalogDocuments.ChangeAsync(
            _catalog,
            InstanceKey(projectId, instanceId),
            CatalogJsonContext.Default.InstanceDocument,
            document =>
            {
                previousStatus = document.Instance.Status;
                return document with
                {
                    Instance = document.Instance with
                    {
                        Status = InstanceStatus.Error,
                        OperationId = resetId,
                        Fault = $"The status was reset (reset_status) from {document.Instance.Status}; see operation {resetId}.",
                        Updated = _time.GetUtcNow(),
                    },
                };
            },
            cancellationToken).ConfigureAwait(false);
        if (!moved)
        {
            throw new CatalogNotFoundException("Instance", instanceId);
        }

        // Everything still marked running on the instance is interrupted: its last operation, and any backup being taken.
        var notes = new List<string>();
        await foreach (var operation in RunningOperationsAsync(projectId, instanceId, cancellationToken).ConfigureAwait(false))
        {
            var step = await InterruptAsync(operation, resetId, cancellationToken).ConfigureAwait(false);
            notes.Add($"the {operation.Kind} operation {operation.Id} (at step {step ?? "none"})");
        }

        foreach (var backup in await BackupCatalog.ListDocumentsAsync(_catalog, projectId, cancellationToken).ConfigureAwait(false))
        {
            var view = backup.Value.Backup;
            if (view.InstanceId == instanceId && view.Status is BackupStatus.New or BackupStatus.Building
                && await BackupCatalog.ChangeAsync(_catalog, projectId, view.Id, b => b.Status is BackupStatus.New or BackupStatus.Building
                    ? b with { Status = BackupStatus.Failed, Fault = $"Interrupted: the instance's status was reset (operation {resetId}).", Updated = _time.GetUtcNow() }
                    : null, cancellationToken).ConfigureAwait(false))
            {
                notes.Add($"backup {view.Id} (now FAILED)");
            }
        }

        var now = _time.GetUtcNow();
        var record = new OperationDocument(
            resetId, projectId, instanceId, OperationKind.ResetStatus, OperationStatus.Completed, $"reset-status-{resetId}",
            CurrentStep: "reset-status", ProgressPercent: 100, Error: null, now, now)
        {
            Note = notes.Count == 0
                ? $"Reset from {previousStatus}; nothing was running."
                : $"Reset from {previousStatus}; interrupted {string.Join(", ", notes)}.",
        };
        await _catalog.CreateAsync(CatalogKeys.Operation(projectId, resetId), record, CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false);
        return record.ToView();
    }

    /// <summary>
    /// Moves an <c>ACTIVE</c> instance to <c>RESIZE</c> and starts <c>ResizeInstance</c>, which restarts its server with the new
    /// flavor and volume size. Exactly one of <paramref name="flavorRef"/> and <paramref name="volumeSizeGigabytes"/> is given.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="flavorRef">The new flavor's id or name; null to keep the flavor.</param>
    /// <param name="volumeSizeGigabytes">The new volume size; null to keep it. It must be larger than the current one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resize operation.</returns>
    /// <exception cref="CatalogValidationException">The same flavor, a volume that does not grow, or one out of range.</exception>
    /// <exception cref="CatalogNotFoundException">No such instance or flavor.</exception>
    /// <exception cref="InstanceBusyException">The instance is not <c>ACTIVE</c>.</exception>
    public async Task<OperationView> ResizeAsync(string projectId, string instanceId, string? flavorRef, int? volumeSizeGigabytes, CancellationToken cancellationToken)
    {
        if ((flavorRef is null) == (volumeSizeGigabytes is null))
        {
            throw new CatalogValidationException("A resize changes either the flavor or the volume size, one at a time.");
        }

        var key = InstanceKey(projectId, instanceId);
        var current = (await _catalog.GetAsync(key, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false)
            ?? throw new CatalogNotFoundException("Instance", instanceId)).Value.Instance;
        var flavor = await _queries.GetFlavorAsync(flavorRef ?? current.FlavorId, cancellationToken).ConfigureAwait(false);
        if (flavorRef is not null && flavor.Id == current.FlavorId)
        {
            throw new CatalogValidationException($"The instance already has flavor {flavor.Name} ({flavor.Id}): choose another flavor.");
        }

        if (volumeSizeGigabytes is { } requested)
        {
            ValidateVolume(current, requested);
        }

        var operationId = Guid.NewGuid().ToString("D");
        var now = _time.GetUtcNow();
        await MoveToOperationAsync(key, instanceId, InstanceStatus.Resize, operationId, cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.AfterStatusChange);
        var orchestrationId = $"resize-{operationId}";
        var operation = await OperationRecords.CreateAsync(_catalog, projectId, operationId, instanceId, OperationKind.Resize, orchestrationId, now, cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.BeforeSchedule);
        var input = new ResizeInstanceInput(
            projectId, instanceId, operationId,
            flavorRef is null ? null : new FlavorSpec(flavor.VCpus, flavor.RamMegabytes, flavor.MaxConnections),
            flavorRef is null ? null : flavor.Id,
            volumeSizeGigabytes);
        await _client.ScheduleNewOrchestrationInstanceAsync(
            ResizeInstanceOrchestrator.Name, input, new StartOrchestrationOptions(orchestrationId), cancellationToken).ConfigureAwait(false);
        return operation.ToView();
    }

    /// <summary>Renames the instance; the name must be free in the project. Allowed in any state but while it is deleted.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The new name: 1-255 printable characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The renamed instance.</returns>
    /// <exception cref="CatalogValidationException">The name is invalid.</exception>
    /// <exception cref="CatalogConflictException">Another instance of the project has the name.</exception>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="InstanceBusyException">The instance is being deleted.</exception>
    public async Task<InstanceView> RenameAsync(string projectId, string instanceId, string name, CancellationToken cancellationToken)
    {
        CreateInstanceValidation.ValidateName(name);
        var key = InstanceKey(projectId, instanceId);
        var current = await ReadAsync(key, instanceId, cancellationToken).ConfigureAwait(false);
        if (current.Name == name)
        {
            return current;
        }

        // The new name is claimed first: a crash after the claim leaves a claim that goes stale, never two instances with one name.
        await InstanceNames.ClaimAsync(_catalog, projectId, name, instanceId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        string? oldName = null;
        InstanceView? renamed = null;
        try
        {
            await CatalogDocuments.ChangeAsync(_catalog, key, CatalogJsonContext.Default.InstanceDocument, document =>
            {
                if (document.Instance.Status == InstanceStatus.Shutdown)
                {
                    throw new InstanceBusyException(instanceId, document.Instance.Status);
                }

                oldName = document.Instance.Name;
                renamed = document.Instance with { Name = name, Updated = _time.GetUtcNow() };
                return document with { Instance = renamed };
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await InstanceNames.ReleaseAsync(_catalog, projectId, name, instanceId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (renamed is null)
        {
            await InstanceNames.ReleaseAsync(_catalog, projectId, name, instanceId, CancellationToken.None).ConfigureAwait(false);
            throw new CatalogNotFoundException("Instance", instanceId);
        }

        if (oldName is not null && oldName != name)
        {
            await InstanceNames.ReleaseAsync(_catalog, projectId, oldName, instanceId, cancellationToken).ConfigureAwait(false);
        }

        return renamed;
    }

    /// <summary>
    /// Sets who may connect. Fields left null keep their current value (Trove replaces the whole object; keeping what the user
    /// did not name is friendlier, so <c>--allowed-cidr</c> alone does not make a public instance private).
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="isPublic">Whether the instance is public; null keeps it.</param>
    /// <param name="allowedCidrs">The IPv4 networks allowed to connect; null keeps them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instance with its new access.</returns>
    /// <exception cref="CatalogValidationException">A CIDR is not an IPv4 network, or is listed twice.</exception>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    public async Task<InstanceView> SetAccessAsync(string projectId, string instanceId, bool? isPublic, IReadOnlyList<string>? allowedCidrs, CancellationToken cancellationToken)
    {
        if (allowedCidrs is not null)
        {
            ValidateCidrs(allowedCidrs);
        }

        var key = InstanceKey(projectId, instanceId);
        var operationId = Guid.NewGuid().ToString("D");
        InstanceView? changed = null;
        await CatalogDocuments.ChangeAsync(_catalog, key, CatalogJsonContext.Default.InstanceDocument, document =>
        {
            var access = new InstanceAccess(isPublic ?? document.Instance.Access.IsPublic, allowedCidrs ?? document.Instance.Access.AllowedCidrs);
            changed = document.Instance with { Access = access, Updated = _time.GetUtcNow() };
            // A server being built gets the access its create reads at the end; one being deleted needs none. Any other
            // names the operation that applies it in the same write, so a crash before that operation starts is settled.
            var applies = changed.Status is not (InstanceStatus.Build or InstanceStatus.Shutdown);
            return document with { Instance = changed, AccessOperationId = applies ? operationId : document.AccessOperationId };
        }, cancellationToken).ConfigureAwait(false);
        if (changed is null)
        {
            throw new CatalogNotFoundException("Instance", instanceId);
        }

        if (changed.Status is not (InstanceStatus.Build or InstanceStatus.Shutdown))
        {
            CrashPoints.Reach(CrashPoints.AfterStatusChange);
            await StartApplyAccessAsync(_catalog, _client, projectId, instanceId, operationId, _time.GetUtcNow(), recorded: false, cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }

    /// <summary>Records the access operation (unless <paramref name="recorded"/>) and schedules its orchestration.</summary>
    internal static async Task StartApplyAccessAsync(
        IDocumentStore catalog, DurableTaskClient client, string projectId, string instanceId, string operationId, DateTimeOffset now, bool recorded, CancellationToken cancellationToken)
    {
        var orchestrationId = $"access-{operationId}";
        if (!recorded)
        {
            await OperationRecords.CreateAsync(catalog, projectId, operationId, instanceId, OperationKind.Access, orchestrationId, now, cancellationToken).ConfigureAwait(false);
        }

        CrashPoints.Reach(CrashPoints.BeforeSchedule);
        await client.ScheduleNewOrchestrationInstanceAsync(
            ApplyAccessOrchestrator.Name, new InstanceOperationInput(projectId, instanceId, operationId, []), new StartOrchestrationOptions(orchestrationId), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Refuses anything but unique IPv4 networks <c>a.b.c.d[/0-32]</c>, as Trove's schema does.</summary>
    /// <param name="cidrs">The networks.</param>
    /// <exception cref="CatalogValidationException">One is not an IPv4 network, or is listed twice.</exception>
    public static void ValidateCidrs(IReadOnlyList<string> cidrs)
    {
        ArgumentNullException.ThrowIfNull(cidrs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cidr in cidrs)
        {
            var parts = (cidr ?? "").Split('/');
            var valid = parts.Length is 1 or 2
                && parts[0].Split('.').Length == 4
                && IPAddress.TryParse(parts[0], out var address)
                && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                && (parts.Length == 1 || (int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits) && bits <= 32));
            if (!valid)
            {
                throw new CatalogValidationException($"'{cidr}' is not an IPv4 network: give a.b.c.d or a.b.c.d/0-32.");
            }

            if (!seen.Add(cidr!))
            {
                throw new CatalogValidationException($"'{cidr}' is listed twice in allowed_cidrs: list each network once.");
            }
        }
    }

    private static void ValidateVolume(InstanceView current, int requested)
    {
        if (requested > CreateInstanceValidation.MaxVolumeGigabytes)
        {
            throw new CatalogValidationException($"Volume size {requested} GB is out of range: the largest volume is {CreateInstanceValidation.MaxVolumeGigabytes} GB.");
        }

        if (requested <= current.VolumeSizeGigabytes)
        {
            throw new CatalogValidationException(
                $"The volume can only grow: the instance has {current.VolumeSizeGigabytes} GB, and {requested} GB is not larger. To shrink, restore a backup into a smaller instance.");
        }

        if (current.VolumeUsedGigabytes is { } used && used > requested)
        {
            throw new CatalogValidationException($"The data uses {used:0.##} GB, which does not fit a {requested} GB volume.");
        }
    }

    private async Task MoveToOperationAsync(string key, string instanceId, string status, string operationId, CancellationToken cancellationToken)
    {
        var moved = await CatalogDocuments.ChangeAsync(_catalog, key, CatalogJsonContext.Default.InstanceDocument, document =>
            document.Instance.Status != InstanceStatus.Active
                ? throw new InstanceBusyException(instanceId, document.Instance.Status)
                : document with { Instance = document.Instance with { Status = status, OperationId = operationId, Fault = null, Updated = _time.GetUtcNow() } },
            cancellationToken).ConfigureAwait(false);
        if (!moved)
        {
            throw new CatalogNotFoundException("Instance", instanceId);
        }
    }

    /// <summary>Terminates the operation's orchestration if it runs and records it FAILED; returns the step it had reached.</summary>
    private async Task<string?> InterruptAsync(OperationDocument operation, string resetId, CancellationToken cancellationToken)
    {
        var step = operation.CurrentStep;
        var metadata = await _client.GetInstanceAsync(operation.OrchestrationId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is not null)
        {
            step = metadata.ReadCustomStatusAs<OperationProgress>()?.Step ?? step;
            if (metadata.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
            {
                await _client.TerminateInstanceAsync(
                    operation.OrchestrationId, new TerminateInstanceOptions { Output = $"Interrupted by reset_status (operation {resetId})." }, cancellationToken).ConfigureAwait(false);
            }
        }

        await CatalogDocuments.ChangeAsync(
            _catalog,
            CatalogKeys.Operation(operation.ProjectId, operation.Id),
            CatalogJsonContext.Default.OperationDocument,
            current => current.Status != OperationStatus.Running ? null : current with
            {
                Status = OperationStatus.Failed,
                CurrentStep = step,
                Error = $"Interrupted at step {step ?? "none"}: the instance's status was reset (operation {resetId}).",
                Updated = _time.GetUtcNow(),
            },
            cancellationToken).ConfigureAwait(false);
        return step;
    }

    /// <summary>The instance's operations whose records still say RUNNING.</summary>
    private async IAsyncEnumerable<OperationDocument> RunningOperationsAsync(string projectId, string instanceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in _catalog.ListKeysAsync($"projects/{projectId}/operations/", cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false) is { } operation
                && operation.Value.InstanceId == instanceId
                && operation.Value.Status == OperationStatus.Running)
            {
                yield return operation.Value;
            }
        }
    }

    private async Task<InstanceView> ReadAsync(string key, string instanceId, CancellationToken cancellationToken) =>
        (await _catalog.GetAsync(key, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false)
            ?? throw new CatalogNotFoundException("Instance", instanceId)).Value.Instance;

    private static string InstanceKey(string projectId, string instanceId)
    {
        CatalogIds.ValidateProject(projectId);
        return CatalogIds.IsWellFormed(instanceId)
            ? CatalogKeys.Instance(projectId, instanceId)
            : throw new CatalogNotFoundException("Instance", instanceId ?? "");
    }
}
