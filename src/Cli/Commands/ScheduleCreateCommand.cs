using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary>
/// <c>dbaas schedule-create &lt;name&gt; --instance &lt;id|name&gt; --pattern "0 3 * * *" [--incremental]
/// [--keep-count N] [--keep-days N] [--description D]</c>: backs an instance up on a cron pattern (UTC).
/// </summary>
internal static class ScheduleCreateCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var name = new Argument<string>("name") { Description = "The schedule name; each backup is named after it and its run time." };
        var instance = new Option<string>("--instance", "-i") { Description = "The id or name of the instance to back up.", Required = true };
        var pattern = new Option<string>("--pattern") { Description = "Cron pattern in UTC: 5 fields (\"0 3 * * *\") or 6 with seconds first (\"0 0 3 * * *\").", Required = true };
        var incremental = new Option<bool>("--incremental") { Description = "Take incremental backups on the latest completed one." };
        var keepCount = new Option<int?>("--keep-count") { Description = "Keep this many of the schedule's newest completed backups." };
        var keepDays = new Option<int?>("--keep-days") { Description = "Keep the schedule's backups of the last this many days." };
        var description = new Option<string?>("--description") { Description = "A description given to each backup." };
        var command = new Command("schedule-create", "Back up an instance on a schedule, with retention.") { name, instance, pattern, incremental, keepCount, keepDays, description };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var schedule = await context.Client.CreateScheduleAsync(
                new NewSchedule(parse.GetValue(name)!, found.Id, parse.GetValue(pattern)!, parse.GetValue(description), parse.GetValue(incremental), parse.GetValue(keepCount), parse.GetValue(keepDays)),
                cancellationToken);
            context.Show(schedule, CliJsonContext.Default.ScheduleResource, ScheduleViews.Schedule);
        });
        return command;
    }
}
