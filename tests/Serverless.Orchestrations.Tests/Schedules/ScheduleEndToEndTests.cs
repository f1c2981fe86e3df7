using Microsoft.Extensions.Time.Testing;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Schedules;
using Serverless.Orchestrations.Tests.Instances;
using Xunit;

namespace Serverless.Orchestrations.Tests.Schedules;

/// <summary>
/// A per-minute schedule of a real instance (mariadbd) on a test clock: each minute's run takes a real full backup,
/// and retention by count deletes the older one once the newer completed.
/// </summary>
public sealed class ScheduleEndToEndTests(InstanceHarness harness) : IClassFixture<InstanceHarness>
{
    [Fact]
    public async Task PerMinuteSchedule_TakesRealBackups_AndRetentionKeepsTheNewest()
    {
        const string project = "scheduled";
        var created = await harness.Instances.CreateAsync(
            project, new CreateInstanceRequest("scheduled-db", "1", 2, DatastoreType: "mysql", DatastoreVersion: "10.11", Databases: ["appdb"], Users: []), CancellationToken.None);
        await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var schedules = new ScheduleService(harness.Catalog, harness.Instances, harness.Backups, clock);
        var evaluator = new ScheduleEvaluator(harness.Catalog, harness.Backups, clock);
        var schedule = await schedules.CreateAsync(
            project, new CreateScheduleRequest("minutely", created.Id, "* * * * *", "by the minute", Incremental: false, KeepCount: 1, KeepDays: null), CancellationToken.None);

        clock.SetUtcNow(schedule.NextRun);
        Assert.Equal(1, (await evaluator.EvaluateProjectAsync(project, CancellationToken.None)).Started);
        var first = ScheduleKeys.BackupId(schedule.Id, schedule.NextRun);
        var firstBackup = await harness.WaitForBackupAsync(project, first, BackupStatus.Completed);
        Assert.Equal(("by the minute", created.Id), (firstBackup.Description, firstBackup.InstanceId));
        await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active);

        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await evaluator.EvaluateProjectAsync(project, CancellationToken.None);
        // The first is still the newest completed backup, so retention keeps it while the second runs.
        Assert.Equal((1, 0), (second.Started, second.Pruned));
        var secondId = ScheduleKeys.BackupId(schedule.Id, schedule.NextRun.AddMinutes(1));
        await harness.WaitForBackupAsync(project, secondId, BackupStatus.Completed);

        Assert.Equal(1, (await evaluator.EvaluateProjectAsync(project, CancellationToken.None)).Pruned);
        await InstanceHarness.PollAsync(async () => (await harness.Backups.ListAsync(project, null, CancellationToken.None)).Count == 1);
        Assert.Equal(secondId, Assert.Single(await harness.Backups.ListAsync(project, null, CancellationToken.None)).Id);
        var runs = await schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None);
        Assert.Equal(
            [(secondId, (DateTimeOffset?)null, BackupStatus.Completed), (first, clock.GetUtcNow(), null)],
            runs.Select(r => (r.BackupId!, r.Pruned, r.BackupStatus)));
    }
}
