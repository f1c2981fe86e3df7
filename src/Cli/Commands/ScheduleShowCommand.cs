using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas schedule-show &lt;id&gt;</c>: one backup schedule, with its next run.</summary>
internal static class ScheduleShowCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var schedule = new Argument<string>("schedule") { Description = "The schedule id." };
        var command = new Command("schedule-show", "Show a backup schedule.") { schedule };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
            context.Show(await context.Client.GetScheduleAsync(parse.GetValue(schedule)!, cancellationToken), CliJsonContext.Default.ScheduleResource, ScheduleViews.Schedule));
        return command;
    }
}
