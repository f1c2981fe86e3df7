using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Finishes or rolls back operations that a crash left half started. An operation starts in three writes (the instance's
/// status, the operation record, the orchestration); a process killed between them leaves an instance busy with an
/// operation that nothing runs. This finds such instances (busy, changed before <c>changedBefore</c>, and whose
/// operation has no record or no orchestration) and settles them: a delete is scheduled again, since the user asked for
/// it and it is safe to repeat; a create becomes <c>ERROR</c> (nothing was provisioned: delete it and create it again);
/// anything else goes back to <c>ACTIVE</c> untouched, its backup (if any) <c>FAILED</c>. The operation record then
/// says what happened. Every change is ETag-guarded on the instance still being in that half-started operation. An access
/// update (which does not take the instance) whose operation never started is started again.
/// </summary>
/// <param name="catalog">The catalog.</param>
/// <param name="client">Reads and schedules orchestrations.</param>
/// <param name="time">The clock.</param>
public sealed class HalfStartedOperations(IDocumentStore catalog, DurableTaskClient client, TimeProvider time)
{
    private static readonly Dictionary<string, string> KindByStatus = new(StringComparer.Ordinal)
    {
        [InstanceStatus.Build] = OperationKind.Create,
        [InstanceStatus.Shutdown] = OperationKind.Delete,
        [InstanceStatus.Reboot] = OperationKind.Restart,
        [InstanceStatus.Backup] = OperationKind.Backup,
        [InstanceStatus.Resize] = OperationKind.Resize,
        [InstanceStatus.Configuring] = OperationKind.Configure,
        [InstanceStatus.Promote] = OperationKind.Promote,
        [InstanceStatus.Eject] = OperationKind.Eject,
        [InstanceStatus.Detach] = OperationKind.Detach,
        [InstanceStatus.Resync] = OperationKind.Resync,
    };

    /// <summary>
    /// Settles every half-started operation whose instances last changed before <paramref name="changedBefore"/>. A host
    /// passes its own start time: whatever changed earlier was written by a predecessor, never by a request in flight.
    /// </summary>
    /// <param name="changedBefore">Only instances last changed before this moment are considered.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>One line per settled operation, for the log.</returns>
    public async Task<IReadOnlyList<string>> SettleAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken)
    {
        // An operation may hold several instances (a promote holds the whole set): settle it once, over all of them.
        var busy = new Dictionary<(string Project, string Operation), List<Document<InstanceDocument>>>();
        var accessUpdates = new List<(string Project, string Instance, string Operation)>();
        await foreach (var key in catalog.ListKeysAsync("projects/", cancellationToken).ConfigureAwait(false))
        {
            var parts = key.Split('/');
            if (parts.Length != 4 || parts[2] != "instances"
                || await catalog.GetAsync(key, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is not { } document)
            {
                continue;
            }

            var instance = document.Value.Instance;
            if (document.Value.AccessOperationId is { } accessId && instance.Updated < changedBefore && instance.Status != InstanceStatus.Shutdown)
            {
                accessUpdates.Add((parts[1], instance.Id, accessId));
            }

            if (KindByStatus.ContainsKey(instance.Status) && instance.OperationId is { } operationId && instance.Updated < changedBefore)
            {
                var group = (parts[1], operationId);
                if (!busy.TryGetValue(group, out var members))
                {
                    busy[group] = members = [];
                }

                members.Add(document);
            }
        }

        var settled = new List<string>();
        foreach (var ((projectId, operationId), members) in busy)
        {
            var operation = await catalog.GetAsync(CatalogKeys.Operation(projectId, operationId), CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false);
            if (await StartedAsync(operation, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            settled.Add(await SettleAsync(projectId, operationId, operation?.Value, members, cancellationToken).ConfigureAwait(false));
        }

        foreach (var (projectId, instanceId, operationId) in accessUpdates)
        {
            if (await SettleAccessAsync(projectId, instanceId, operationId, cancellationToken).ConfigureAwait(false) is { } line)
            {
                settled.Add(line);
            }
        }

        return settled;
    }

    /// <summary>Whether the operation's orchestration runs or ran (it has ended, or the runtime knows it): then it is not half started.</summary>
    private async Task<bool> StartedAsync(Document<OperationDocument>? operation, CancellationToken cancellationToken) =>
        operation is not null
        && (operation.Value.Status != OperationStatus.Running
            || await client.GetInstanceAsync(operation.Value.OrchestrationId, cancellationToken).ConfigureAwait(false) is not null);

    /// <summary>
    /// An access update whose operation has no record or no orchestration is started again: the catalog already holds the
    /// access the user asked for, and applying it is safe to repeat (the orchestration reads the access it sets).
    /// </summary>
    private async Task<string?> SettleAccessAsync(string projectId, string instanceId, string operationId, CancellationToken cancellationToken)
    {
        var operation = await catalog.GetAsync(CatalogKeys.Operation(projectId, operationId), CatalogJsonContext.Default.OperationDocument, cancellationToken).ConfigureAwait(false);
        if (await StartedAsync(operation, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await InstanceChangeService.StartApplyAccessAsync(catalog, client, projectId, instanceId, operationId, time.GetUtcNow(), recorded: operation is not null, cancellationToken).ConfigureAwait(false);
        return $"access {operationId} of instance {instanceId}: scheduled again";
    }

    private async Task<string> SettleAsync(string projectId, string operationId, OperationDocument? operation, List<Document<InstanceDocument>> members, CancellationToken cancellationToken)
    {
        var first = members[0].Value;
        var status = first.Instance.Status;
        var kind = operation?.Kind ?? KindByStatus[status];
        var now = time.GetUtcNow();
        if (status == InstanceStatus.Shutdown)
        {
            // The user asked for the delete and it is safe to repeat: finish it.
            var orchestrationId = operation?.OrchestrationId ?? $"delete-{operationId}";
            if (operation is null)
            {
                await OperationRecords.CreateAsync(catalog, projectId, operationId, first.Instance.Id, OperationKind.Delete, orchestrationId, now, cancellationToken).ConfigureAwait(false);
            }

            await client.ScheduleNewOrchestrationInstanceAsync(
                DeleteInstanceOrchestrator.Name,
                new InstanceOperationInput(projectId, first.Instance.Id, operationId, first.SecretIds()),
                new StartOrchestrationOptions(orchestrationId),
                cancellationToken).ConfigureAwait(false);
            return $"delete {operationId} of instance {first.Instance.Id}: scheduled again";
        }

        var created = status == InstanceStatus.Build;
        var error = created
            ? "The service stopped before the create could start; nothing was provisioned. Delete the instance and create it again."
            : $"The service stopped before the {kind} could start; nothing was changed. Ask again.";
        foreach (var member in members)
        {
            await CatalogDocuments.ChangeAsync(catalog, member.Key, CatalogJsonContext.Default.InstanceDocument, document =>
                document.Instance.OperationId != operationId || document.Instance.Status != member.Value.Instance.Status ? null : document with
                {
                    Instance = document.Instance with
                    {
                        Status = created ? InstanceStatus.Error : InstanceStatus.Active,
                        Fault = created ? error : null,
                        Updated = time.GetUtcNow(),
                    },
                },
                cancellationToken).ConfigureAwait(false);
        }

        if (status == InstanceStatus.Backup)
        {
            foreach (var backup in await BackupCatalog.ListDocumentsAsync(catalog, projectId, cancellationToken).ConfigureAwait(false))
            {
                if (backup.Value.Backup.OperationId == operationId && backup.Value.Backup.Status == BackupStatus.New)
                {
                    await BackupCatalog.ChangeAsync(catalog, projectId, backup.Value.Backup.Id, b =>
                        b.Status != BackupStatus.New ? null : b with { Status = BackupStatus.Failed, Fault = error, Updated = time.GetUtcNow() },
                        cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (operation is null)
        {
            // The instance names an operation that has no record yet: record it, so that it can be polled to its end.
            await OperationRecords.CreateAsync(catalog, projectId, operationId, first.Instance.Id, kind, $"{kind}-{operationId}", now, cancellationToken).ConfigureAwait(false);
        }

        await OperationRecords.UpdateAsync(catalog, new OperationUpdate(projectId, operationId, OperationStatus.Failed, CurrentStep: null, ProgressPercent: 0, error), time, cancellationToken).ConfigureAwait(false);
        return $"{kind} {operationId} of instance {string.Join(", ", members.Select(m => m.Value.Instance.Id))}: {(created ? "marked ERROR" : "rolled back to ACTIVE")}";
    }
}
