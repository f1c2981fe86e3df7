using System.CommandLine;
using Serverless.Cli.Client;

namespace Serverless.Cli.Commands;

/// <summary>
/// <c>dbaas backup-create &lt;name&gt; --instance &lt;id|name&gt; [--incremental] [--parent &lt;id|name&gt;] [--description D] [--wait]</c>:
/// backs an instance up, fully or (incremental) its binlog since a parent backup.
/// </summary>
internal static class BackupCreateCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var name = new Argument<string>("name") { Description = "The backup name." };
        var instance = new Option<string>("--instance", "-i") { Description = "The id or name of the instance to back up.", Required = true };
        var description = new Option<string?>("--description") { Description = "A description stored with the backup." };
        var incremental = new Option<bool>("--incremental") { Description = "Back up only the changes since the instance's latest completed backup (a full backup when it has none)." };
        var parent = new Option<string?>("--parent") { Description = "The id or name of the backup an incremental backup continues." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the backup is COMPLETED, showing its progress." };
        var command = new Command("backup-create", "Back up a database instance.") { name, instance, description, incremental, parent, wait };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var parentId = parse.GetValue(parent) is { } parentIdOrName ? (await context.Client.FindBackupAsync(parentIdOrName, cancellationToken)).Id : null;
            var request = new NewBackup(parse.GetValue(name)!, found.Id, parse.GetValue(description)) { Incremental = parse.GetValue(incremental), ParentId = parentId };
            var backup = await context.Client.CreateBackupAsync(request, cancellationToken);
            if (parse.GetValue(wait))
            {
                backup = await context.Waiter.WaitForBackupAsync(backup, cancellationToken);
            }

            context.ShowBackup(backup);
        });
        return command;
    }
}
