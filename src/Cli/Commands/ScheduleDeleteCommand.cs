using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas schedule-delete &lt;id&gt;</c>: stops a schedule; the backups it took are kept.</summary>
internal static class ScheduleDeleteCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var schedule = new Argument<string>("schedule") { Description = "The schedule id." };
        var command = new Command("schedule-delete", "Delete a backup schedule (its backups are kept).") { schedule };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var id = parse.GetValue(schedule)!;
            await context.Client.DeleteScheduleAsync(id, cancellationToken);
            if (!context.Json)
            {
                await context.Console.Out.WriteLineAsync($"Deleted schedule {id}; its backups are kept.");
            }
        });
        return command;
    }
}
