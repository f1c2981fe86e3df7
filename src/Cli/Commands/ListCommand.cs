using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas list</c>: every instance of the project.</summary>
internal static class ListCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var command = new Command("list", "List the project's database instances.");
        CommandAction.Set(command, globals, settings, async (_, context, cancellationToken) =>
            context.Show(await context.Client.ListInstancesAsync(cancellationToken), CliJsonContext.Default.IReadOnlyListInstanceResource, ResourceViews.Instances));
        return command;
    }
}
