using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class ScheduleCommandTests(ApiHost host)
{
    [Fact]
    public async Task ScheduleCreate_List_Show_Executions_Delete_AsAUserDrivesTheCli_AndBadInputExitsWithOneLine()
    {
        var instance = await CliRun.AgainstAsync(host, "create", "cli-scheduled", "--flavor", "1", "--size", "1", "--wait");
        Assert.True(instance.ExitCode == 0, instance.ToString());

        var badCron = await CliRun.AgainstAsync(host, "schedule-create", "nightly", "--instance", "cli-scheduled", "--pattern", "0 3 * *");
        Assert.True(badCron.ExitCode == 2, badCron.ToString());
        Assert.Contains("has 4 fields", badCron.Error, StringComparison.Ordinal);
        Assert.Single(badCron.Error.TrimEnd().Split('\n'));
        var badRetention = await CliRun.AgainstAsync(host, "schedule-create", "nightly", "--instance", "cli-scheduled", "--pattern", "0 3 * * *", "--keep-count", "-1");
        Assert.True(badRetention.ExitCode == 2, badRetention.ToString());
        Assert.Contains("Retention by count", badRetention.Error, StringComparison.Ordinal);
        var unknown = await CliRun.AgainstAsync(host, "schedule-list", "--instance", "no-such-instance");
        Assert.True(unknown.ExitCode == 3, unknown.ToString());

        var created = await CliRun.AgainstAsync(
            host, "schedule-create", "nightly", "--instance", "cli-scheduled", "--pattern", "0 3 * * *", "--keep-count", "7", "--keep-days", "30", "--description", "before dawn");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(("0 3 * * *", "7", "30", "false"), (created.Field("pattern"), created.Field("keep_count"), created.Field("keep_days"), created.Field("incremental")));
        Assert.Matches(@"T03:00:00$", created.Field("next_run"));
        var scheduleId = created.Field("id");

        var listed = await CliRun.AgainstAsync(host, "schedule-list", "--instance", "cli-scheduled", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using (var document = JsonDocument.Parse(listed.Out))
        {
            var schedule = Assert.Single(document.RootElement.EnumerateArray());
            Assert.Equal((scheduleId, "before dawn"), (schedule.GetProperty("id").GetString(), schedule.GetProperty("description").GetString()));
        }

        var shown = await CliRun.AgainstAsync(host, "schedule-show", scheduleId);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal((scheduleId, "nightly", "0 3 * * *", "7", "30", "before dawn"), (shown.Field("id"), shown.Field("name"), shown.Field("pattern"), shown.Field("keep_count"), shown.Field("keep_days"), shown.Field("description")));
        Assert.Equal(created.Field("next_run"), shown.Field("next_run"));
        var shownJson = await CliRun.AgainstAsync(host, "schedule-show", scheduleId, "--json");
        using (var document = JsonDocument.Parse(shownJson.Out))
        {
            Assert.Equal((scheduleId, false), (document.RootElement.GetProperty("id").GetString(), document.RootElement.GetProperty("incremental").GetBoolean()));
        }

        var missing = await CliRun.AgainstAsync(host, "schedule-show", "no-such-schedule");
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Single(missing.Error.TrimEnd().Split('\n'));

        var runs = await CliRun.AgainstAsync(host, "schedule-executions", scheduleId);
        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.Matches(@"^ID\s+Due \(UTC\)\s+State", runs.Out);

        var deleted = await CliRun.AgainstAsync(host, "schedule-delete", scheduleId);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var again = await CliRun.AgainstAsync(host, "schedule-delete", scheduleId);
        Assert.True(again.ExitCode == 3, again.ToString());
        var empty = await CliRun.AgainstAsync(host, "schedule-list", "--instance", "cli-scheduled", "--json");
        Assert.Equal("[]", empty.Out.Trim());
        Assert.Equal(0, (await CliRun.AgainstAsync(host, "delete", "cli-scheduled", "--wait")).ExitCode);
    }
}
