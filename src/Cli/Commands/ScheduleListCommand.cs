using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas schedule-list --instance &lt;id|name&gt;</c>: an instance's backup schedules, next run first.</summary>
internal static class ScheduleListCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Option<string>("--instance", "-i") { Description = "The id or name of the instance.", Required = true };
        var command = new Command("schedule-list", "List an instance's backup schedules.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            context.Show(await context.Client.ListSchedulesAsync(found.Id, cancellationToken), CliJsonContext.Default.IReadOnlyListScheduleResource, ScheduleViews.Schedules);
        });
        return command;
    }
}
