using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas schedule-executions &lt;id&gt;</c>: a schedule's runs, newest first, with their backups and outcomes.</summary>
internal static class ScheduleExecutionListCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var schedule = new Argument<string>("schedule") { Description = "The schedule id." };
        var command = new Command("schedule-executions", "List a backup schedule's runs.") { schedule };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
            context.Show(
                await context.Client.ListScheduleExecutionsAsync(parse.GetValue(schedule)!, cancellationToken),
                CliJsonContext.Default.IReadOnlyListScheduleExecutionResource,
                ScheduleViews.Executions));
        return command;
    }
}
