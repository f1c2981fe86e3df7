using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas backup-delete &lt;id|name&gt; [--wait]</c>: deletes a backup and its stored data.</summary>
internal static class BackupDeleteCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var backup = new Argument<string>("backup") { Description = "The backup id or name." };
        var command = new Command("backup-delete", "Delete a backup and its stored data.") { backup };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindBackupAsync(parse.GetValue(backup)!, cancellationToken);
            await context.Client.DeleteBackupAsync(found.Id, cancellationToken);

            // The backup is gone from lists at once and its data removed in the background, with no operation to
            // wait on; a delete that fails shows the backup again as DELETE_FAILED. Like delete, the result is a
            // sentence: under --json there is no resource left to show.
            if (!context.Json)
            {
                await context.Console.Out.WriteLineAsync($"Deleting backup '{found.Name}' ({found.Id}).");
            }
        });
        return command;
    }
}
