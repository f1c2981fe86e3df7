using System.Globalization;
using Serverless.Cli.Client;

namespace Serverless.Cli.Output;

/// <summary>Shows backup schedules and their runs as tables (<c>--json</c> goes through <see cref="ResourceViews.Json"/>).</summary>
internal static class ScheduleViews
{
    public static void Schedule(CliConsole console, ScheduleResource schedule) =>
        new TableOutput("Field", "Value")
            .Add("id", schedule.Id)
            .Add("name", schedule.Name)
            .Add("description", schedule.Description)
            .Add("instance_id", schedule.InstanceId)
            .Add("pattern", schedule.Pattern)
            .Add("incremental", schedule.Incremental ? "true" : "false")
            .Add("keep_count", schedule.KeepCount?.ToString(CultureInfo.InvariantCulture))
            .Add("keep_days", schedule.KeepDays?.ToString(CultureInfo.InvariantCulture))
            .Add("next_run", schedule.NextRun)
            .Add("created", schedule.Created)
            .Write(console);

    public static void Schedules(CliConsole console, IReadOnlyList<ScheduleResource> schedules)
    {
        var table = new TableOutput("ID", "Name", "Pattern", "Incremental", "Keep count", "Keep days", "Next run (UTC)");
        foreach (var schedule in schedules)
        {
            table.Add(
                schedule.Id,
                schedule.Name,
                schedule.Pattern,
                schedule.Incremental ? "yes" : "no",
                schedule.KeepCount?.ToString(CultureInfo.InvariantCulture),
                schedule.KeepDays?.ToString(CultureInfo.InvariantCulture),
                schedule.NextRun);
        }

        table.Write(console);
    }

    public static void Executions(CliConsole console, IReadOnlyList<ScheduleExecutionResource> executions)
    {
        var table = new TableOutput("ID", "Due (UTC)", "State", "Backup ID", "Backup status", "Pruned", "Reason");
        foreach (var execution in executions)
        {
            table.Add(execution.Id, execution.Due, execution.State, execution.BackupId, execution.BackupStatus, execution.Pruned, execution.Reason);
        }

        table.Write(console);
    }
}
