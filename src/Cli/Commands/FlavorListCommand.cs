using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas flavor-list</c>: the sizes an instance can have.</summary>
internal static class FlavorListCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var command = new Command("flavor-list", "List the flavors (instance sizes).");
        CommandAction.Set(command, globals, settings, async (_, context, cancellationToken) =>
            context.Show(await context.Client.ListFlavorsAsync(cancellationToken), CliJsonContext.Default.IReadOnlyListFlavorResource, ResourceViews.Flavors));
        return command;
    }
}
