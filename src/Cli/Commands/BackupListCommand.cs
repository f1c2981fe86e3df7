using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas backup-list [--instance &lt;id|name&gt;]</c>: the project's backups, or one instance's.</summary>
internal static class BackupListCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Option<string?>("--instance", "-i") { Description = "Only the backups of this instance (id or name)." };
        var command = new Command("backup-list", "List the project's backups.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var instanceId = parse.GetValue(instance) is { } idOrName
                ? (await context.Client.FindInstanceAsync(idOrName, cancellationToken)).Id
                : null;
            context.Show(await context.Client.ListBackupsAsync(instanceId, cancellationToken), CliJsonContext.Default.IReadOnlyListBackupResource, ResourceViews.Backups);
        });
        return command;
    }
}
