using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Schedules;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Tests.Schedules;

/// <summary>
/// Writes instances, backups and schedule runs straight into the catalog, for the schedule tests that need no server:
/// an instance without a server, backup chains that incremental backups would make, runs that a schedule took.
/// </summary>
internal sealed class ScheduleCatalogSeed(IDocumentStore catalog)
{
    public async Task<InstanceView> InstanceAsync(string project, string status = InstanceStatus.Active)
    {
        var id = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        var instance = new InstanceView(id, project, $"ghost-{id[..8]}", status, "1", "mysql", "10.11", 2, null, null, null, now, now, OperationId: null, Fault: null);
        await catalog.CreateAsync(CatalogKeys.Instance(project, id), new InstanceDocument(instance, $"{id}-admin", [], []), CatalogJsonContext.Default.InstanceDocument);
        return instance;
    }

    /// <summary>A backup of <paramref name="schedule"/>'s instance; when <paramref name="byTheSchedule"/>, recorded as one of its runs.</summary>
    public async Task<BackupView> BackupAsync(
        ScheduleView schedule, DateTimeOffset created, string? parentId = null, string status = BackupStatus.Completed, bool byTheSchedule = true)
    {
        var id = byTheSchedule ? ScheduleKeys.BackupId(schedule.Id, created) : Guid.NewGuid().ToString();
        var completed = status == BackupStatus.Completed;
        var backup = new BackupView(
            id, schedule.ProjectId, $"b-{id[..8]}", null, schedule.InstanceId, parentId, status, "mysql", "10.11",
            completed ? 0.001 : null, completed ? 1 << 20 : null, completed ? 10 : null, completed ? 100 : 0,
            completed ? $"backups/{id}" : null, Fault: null, OperationId: null, created, created);
        await catalog.CreateAsync(CatalogKeys.Backup(schedule.ProjectId, id), new BackupDocument(backup, Deleting: false), CatalogJsonContext.Default.BackupDocument);
        if (byTheSchedule)
        {
            var run = new ScheduleExecutionView(
                ScheduleKeys.ExecutionId(schedule.Id, created), schedule.Id, schedule.ProjectId, schedule.InstanceId, created, created,
                ScheduleExecutionState.Started, id, Reason: null, MissedRuns: 0, Pruned: null);
            await catalog.CreateAsync(ScheduleKeys.Execution(schedule.ProjectId, schedule.Id, created), run, SchedulesJsonContext.Default.ScheduleExecutionView);
        }

        return backup;
    }
}
