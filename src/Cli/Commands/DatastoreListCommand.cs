using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas datastore-list</c>: the database engines and versions on offer.</summary>
internal static class DatastoreListCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var command = new Command("datastore-list", "List the datastores and their versions.");
        CommandAction.Set(command, globals, settings, async (_, context, cancellationToken) =>
            context.Show(await context.Client.ListDatastoresAsync(cancellationToken), CliJsonContext.Default.IReadOnlyListDatastoreResource, ResourceViews.Datastores));
        return command;
    }
}
