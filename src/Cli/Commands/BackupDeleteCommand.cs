using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas backup-delete &lt;id|name&gt; [--wait]</c>: deletes a backup and its stored data.</summary>
internal static class BackupDeleteCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var backup = new Argument<string>("backup") { Description = "The backup id or name." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the backup is gone." };
        var command = new Command("backup-delete", "Delete a backup and its stored data.") { backup, wait };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindBackupAsync(parse.GetValue(backup)!, cancellationToken);
            await context.Client.DeleteBackupAsync(found.Id, cancellationToken);
            var waited = parse.GetValue(wait);
            if (waited)
            {
                await context.Waiter.WaitUntilBackupGoneAsync(found.Id, cancellationToken);
            }

            // Like delete, the result is a sentence: under --json there is no resource left to show.
            if (!context.Json)
            {
                await context.Console.Out.WriteLineAsync(waited
                    ? $"Deleted backup '{found.Name}' ({found.Id})."
                    : $"Deleting backup '{found.Name}' ({found.Id}).");
            }
        });
        return command;
    }
}
