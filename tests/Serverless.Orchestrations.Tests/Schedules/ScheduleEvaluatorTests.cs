using Microsoft.Extensions.Time.Testing;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Schedules;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Orchestrations.Tests.Schedules;

/// <summary>
/// The schedule evaluator on a test clock, over the real catalog and durable runtime (Azurite): runs fire on time
/// and once, missed runs fold into one, busy instances skip, stalled claims are taken over, and retention deletes
/// whole chains only. The instances have no server (their backups fail at the dump), and the chains that
/// incremental backups would make are written into the catalog.
/// </summary>
public sealed class ScheduleEvaluatorTests(InstanceHarness harness) : IClassFixture<InstanceHarness>
{
    // Half a minute past, so that a per-minute schedule's first run is 30 s away.
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 30, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ScheduleCatalogSeed _seed = new(harness.Catalog);

    private ScheduleService Schedules => new(harness.Catalog, harness.Instances, harness.Backups, _clock);

    private ScheduleEvaluator Evaluator() => new(harness.Catalog, harness.Backups, _clock);

    [Fact]
    public async Task PerMinuteSchedule_FiresAtItsMinute_NotBefore_AndStartsOneDeterministicBackup()
    {
        const string project = "fires-on-time";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("minutely", instance.Id, "* * * * *"), CancellationToken.None);
        Assert.Equal(Start.AddSeconds(30), schedule.NextRun);

        _clock.Advance(TimeSpan.FromSeconds(29));
        var early = await Evaluator().EvaluateProjectAsync(project, CancellationToken.None);
        Assert.Equal(new ScheduleEvaluation(1, 0, 0, 0, 0), early);
        Assert.Empty(await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await Evaluator().EvaluateProjectAsync(project, CancellationToken.None);

        Assert.Equal(new ScheduleEvaluation(1, 1, 0, 0, 0), onTime);
        var run = Assert.Single(await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));
        var due = Start.AddSeconds(30);
        Assert.Equal((ScheduleExecutionState.Started, due, 0, ScheduleKeys.BackupId(schedule.Id, due)), (run.State, run.Due, run.MissedRuns, run.BackupId));
        var backup = Assert.Single(await harness.Backups.ListAsync(project, instance.Id, CancellationToken.None));
        Assert.Equal((run.BackupId, "minutely 2026-03-01T10:01:00Z"), (backup.Id, backup.Name));
        Assert.NotNull(await harness.Client.GetInstanceAsync($"backup-{backup.Id}"));
        Assert.Equal(due.AddMinutes(1), (await Schedules.GetAsync(project, schedule.Id, CancellationToken.None)).NextRun);
    }

    [Fact]
    public async Task TimerThatFiresTwice_OrTwoHosts_StartOneBackupPerRun()
    {
        const string project = "double-fire";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("twice", instance.Id, "*/5 * * * *"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Evaluator().EvaluateProjectAsync(project, CancellationToken.None)));
        var again = await Evaluator().EvaluateProjectAsync(project, CancellationToken.None);

        Assert.Equal(1, outcomes.Sum(o => o.Started) + again.Started);
        Assert.Equal(0, outcomes.Sum(o => o.Skipped + o.Failed) + again.Skipped + again.Failed);
        var run = Assert.Single(await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));
        var backup = Assert.Single(await harness.Backups.ListAsync(project, null, CancellationToken.None));
        Assert.Equal(run.BackupId, backup.Id);
    }

    [Fact]
    public async Task MissedRuns_WhileNoEvaluatorRan_RunTheLatestOnce_AndCountTheRest()
    {
        const string project = "missed";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("hourly", instance.Id, "0 * * * *"), CancellationToken.None);
        var firstDue = schedule.NextRun;

        // Down from before 11:00 until 15:20: runs at 11, 12, 13, 14 and 15 were missed.
        _clock.Advance(TimeSpan.FromHours(5) + TimeSpan.FromMinutes(20));
        var outcome = await Evaluator().EvaluateProjectAsync(project, CancellationToken.None);

        Assert.Equal(1, outcome.Started);
        var run = Assert.Single(await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));
        Assert.Equal((firstDue.AddHours(4), 4), (run.Due, run.MissedRuns));
        Assert.Equal(firstDue.AddHours(5), (await Schedules.GetAsync(project, schedule.Id, CancellationToken.None)).NextRun);
        Assert.Single(await harness.Backups.ListAsync(project, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(InstanceStatus.Backup)]
    [InlineData(InstanceStatus.Reboot)]
    public async Task BusyInstance_SkipsTheRun_SayingWhy_AndTheScheduleGoesOn(string status)
    {
        var project = $"busy-{status.ToLowerInvariant()}";
        var instance = await _seed.InstanceAsync(project, status);
        var schedule = await Schedules.CreateAsync(project, Every("busy", instance.Id, "* * * * *"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var outcome = await Evaluator().EvaluateProjectAsync(project, CancellationToken.None);

        Assert.Equal(new ScheduleEvaluation(1, 0, 1, 0, 0), outcome);
        var run = Assert.Single(await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));
        Assert.Equal(ScheduleExecutionState.Skipped, run.State);
        Assert.Null(run.BackupId);
        Assert.Equal($"Instance {instance.Id} was {status}, not ACTIVE (another operation was running on it), so no backup was taken at this run; the schedule goes on at its next time.", run.Reason);
        Assert.Empty(await harness.Backups.ListAsync(project, null, CancellationToken.None));
        Assert.Equal(run.Due.AddMinutes(1), (await Schedules.GetAsync(project, schedule.Id, CancellationToken.None)).NextRun);
    }

    [Fact]
    public async Task DeletedInstance_FailsTheRun_SayingSo()
    {
        const string project = "gone";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("gone", instance.Id, "* * * * *"), CancellationToken.None);
        await harness.Catalog.DeleteAsync(CatalogKeys.Instance(project, instance.Id), (await harness.Catalog.GetAsync(CatalogKeys.Instance(project, instance.Id)))!.ETag);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, (await Evaluator().EvaluateProjectAsync(project, CancellationToken.None)).Failed);

        var run = Assert.Single(await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));
        Assert.Equal((ScheduleExecutionState.Failed, $"Instance {instance.Id} no longer exists; delete the schedule."), (run.State, run.Reason));
    }

    [Fact]
    public async Task StalledClaim_IsTakenOverAfterTheLease_EvenWhenTheScheduleMovedOn_AndAFreshOneIsLeftAlone()
    {
        const string project = "stalled";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("stalled", instance.Id, "0 12 * * *"), CancellationToken.None);
        var due = schedule.NextRun;

        // An evaluator claimed the run and stopped before starting its backup.
        var claim = new ScheduleExecutionView(
            ScheduleKeys.ExecutionId(schedule.Id, due), schedule.Id, project, instance.Id, due, due, ScheduleExecutionState.Pending, null, null, 0, null);
        await harness.Catalog.CreateAsync(ScheduleKeys.Execution(project, schedule.Id, due), claim, SchedulesJsonContext.Default.ScheduleExecutionView);
        _clock.SetUtcNow(due + ScheduleEvaluator.ClaimLease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Evaluator().EvaluateProjectAsync(project, CancellationToken.None)).Started);
        Assert.Empty(await harness.Backups.ListAsync(project, null, CancellationToken.None));

        // The schedule has moved on to tomorrow; the stalled claim is still found and taken over once its lease ends.
        Assert.Equal(due.AddDays(1), (await Schedules.GetAsync(project, schedule.Id, CancellationToken.None)).NextRun);
        _clock.SetUtcNow(due + ScheduleEvaluator.ClaimLease);
        Assert.Equal(1, (await Evaluator().EvaluateProjectAsync(project, CancellationToken.None)).Started);

        var run = Assert.Single(await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));
        Assert.Equal((ScheduleExecutionState.Started, ScheduleKeys.BackupId(schedule.Id, due)), (run.State, run.BackupId));
    }

    [Fact]
    public async Task Retention_ByCount_DeletesWholeOldChains_OldestFirst_AndKeepsChainsAKeptBackupDependsOn()
    {
        const string project = "retention-count";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("nightly", instance.Id, "0 3 * * *") with { KeepCount = 2, Incremental = true }, CancellationToken.None);
        var day = new DateTimeOffset(2026, 2, 1, 3, 0, 0, TimeSpan.Zero);
        // Chain A: full, inc, inc. Chain B: full, inc (the inc is kept, so its full must stay). Chain C: full (kept).
        var a0 = await _seed.BackupAsync(schedule, day);
        var a1 = await _seed.BackupAsync(schedule, day.AddDays(1), a0.Id);
        var a2 = await _seed.BackupAsync(schedule, day.AddDays(2), a1.Id);
        var b0 = await _seed.BackupAsync(schedule, day.AddDays(3));
        var b1 = await _seed.BackupAsync(schedule, day.AddDays(4), b0.Id);
        var c0 = await _seed.BackupAsync(schedule, day.AddDays(5));
        // A client's own full backup with a scheduled incremental on it: never the schedule's to delete.
        var manual = await _seed.BackupAsync(schedule, day.AddDays(-2), byTheSchedule: false);
        var onManual = await _seed.BackupAsync(schedule, day.AddDays(-1), manual.Id);

        var outcome = await Evaluator().EvaluateProjectAsync(project, CancellationToken.None);

        Assert.Equal(3, outcome.Pruned);
        await InstanceHarness.PollAsync(async () => (await harness.Backups.ListAsync(project, null, CancellationToken.None)).Count == 5);
        Assert.Equal(
            new[] { manual.Id, onManual.Id, b0.Id, b1.Id, c0.Id }.Order(),
            (await harness.Backups.ListAsync(project, null, CancellationToken.None)).Select(b => b.Id).Order());
        var runs = await Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None);
        Assert.Equal(
            new[] { a0.Id, a1.Id, a2.Id }.Order(),
            runs.Where(r => r.Pruned is not null).Select(r => r.BackupId!).Order());

        // Idempotent: nothing more to delete.
        Assert.Equal(0, (await Evaluator().EvaluateProjectAsync(project, CancellationToken.None)).Pruned);
    }

    [Fact]
    public async Task Retention_ByDays_KeepsRecentBackups_AndAlwaysTheNewestChain()
    {
        const string project = "retention-days";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("weekly", instance.Id, "0 3 * * MON") with { KeepDays = 7 }, CancellationToken.None);
        var now = _clock.GetUtcNow();
        var old = await _seed.BackupAsync(schedule, now.AddDays(-30));
        var failedOld = await _seed.BackupAsync(schedule, now.AddDays(-20), status: BackupStatus.Failed);
        var newest = await _seed.BackupAsync(schedule, now.AddDays(-10));

        Assert.Equal(2, (await Evaluator().EvaluateProjectAsync(project, CancellationToken.None)).Pruned);

        // The newest is out of the 7 days too, but it is the newest chain: a schedule never deletes its last backup.
        await InstanceHarness.PollAsync(async () => (await harness.Backups.ListAsync(project, null, CancellationToken.None)).Count == 1);
        Assert.Equal(newest.Id, Assert.Single(await harness.Backups.ListAsync(project, null, CancellationToken.None)).Id);
        Assert.DoesNotContain(old.Id, (await harness.Backups.ListAsync(project, null, CancellationToken.None)).Select(b => b.Id));
        Assert.DoesNotContain(failedOld.Id, (await harness.Backups.ListAsync(project, null, CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task Create_RefusesBadInput_WithClearMessages_AndUnknownInstancesAsNotFound()
    {
        const string project = "bad-input";
        var instance = await _seed.InstanceAsync(project);

        var cron = await Assert.ThrowsAsync<CatalogValidationException>(() => Schedules.CreateAsync(project, Every("x", instance.Id, "every day"), CancellationToken.None));
        Assert.Contains("'every day' has 2 fields", cron.Message, StringComparison.Ordinal);
        var count = await Assert.ThrowsAsync<CatalogValidationException>(() => Schedules.CreateAsync(project, Every("x", instance.Id, "0 3 * * *") with { KeepCount = -1 }, CancellationToken.None));
        Assert.Equal("Retention by count must keep 1-1000 backups (was -1); leave it out to keep any number.", count.Message);
        var days = await Assert.ThrowsAsync<CatalogValidationException>(() => Schedules.CreateAsync(project, Every("x", instance.Id, "0 3 * * *") with { KeepDays = 0 }, CancellationToken.None));
        Assert.Equal("Retention by age must keep 1-3650 days of backups (was 0); leave it out to keep backups of any age.", days.Message);
        await Assert.ThrowsAsync<CatalogValidationException>(() => Schedules.CreateAsync(project, Every(" ", instance.Id, "0 3 * * *"), CancellationToken.None));
        await Assert.ThrowsAsync<CatalogValidationException>(() => Schedules.CreateAsync(project, Every(new string('n', 201), instance.Id, "0 3 * * *"), CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<CatalogNotFoundException>(() => Schedules.CreateAsync(project, Every("x", Guid.NewGuid().ToString(), "0 3 * * *"), CancellationToken.None));
        Assert.Equal("Instance", unknown.Kind);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => Schedules.CreateAsync("intruder", Every("x", instance.Id, "0 3 * * *"), CancellationToken.None));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => Schedules.GetAsync(project, "no-such-schedule", CancellationToken.None));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => Schedules.DeleteAsync(project, "no-such-schedule", CancellationToken.None));
        Assert.Empty(await Schedules.ListAsync(project, null, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_StopsTheRuns_ForgetsTheirRecords_AndKeepsTheBackups()
    {
        const string project = "delete-schedule";
        var instance = await _seed.InstanceAsync(project);
        var schedule = await Schedules.CreateAsync(project, Every("gone-soon", instance.Id, "0 3 * * *"), CancellationToken.None);
        var backup = await _seed.BackupAsync(schedule, Start.AddDays(-1));
        var other = await Schedules.CreateAsync(project, Every("stays", instance.Id, "0 4 * * *"), CancellationToken.None);

        await Schedules.DeleteAsync(project, schedule.Id, CancellationToken.None);

        Assert.Equal([other.Id], (await Schedules.ListAsync(project, instance.Id, CancellationToken.None)).Select(s => s.Id));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => Schedules.ListExecutionsAsync(project, schedule.Id, CancellationToken.None));
        await foreach (var key in harness.Catalog.ListKeysAsync(ScheduleKeys.ExecutionsPrefix(project, schedule.Id)))
        {
            Assert.Fail($"{key} was left behind.");
        }

        Assert.Equal(backup.Id, Assert.Single(await harness.Backups.ListAsync(project, null, CancellationToken.None)).Id);
        _clock.Advance(TimeSpan.FromDays(2));
        var outcome = await Evaluator().EvaluateProjectAsync(project, CancellationToken.None);
        Assert.Equal((1, 1), (outcome.Schedules, outcome.Started));
    }

    private static CreateScheduleRequest Every(string name, string instanceId, string pattern) =>
        new(name, instanceId, pattern, Description: null, Incremental: false, KeepCount: null, KeepDays: null);
}
