using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas backup-show &lt;id|name&gt;</c>: one backup in full.</summary>
internal static class BackupShowCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var backup = new Argument<string>("backup") { Description = "The backup id or name." };
        var command = new Command("backup-show", "Show a backup.") { backup };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
            context.ShowBackup(await context.Client.FindBackupAsync(parse.GetValue(backup)!, cancellationToken)));
        return command;
    }
}
