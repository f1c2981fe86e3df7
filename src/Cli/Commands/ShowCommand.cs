using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas show &lt;id|name&gt;</c>: one instance in full.</summary>
internal static class ShowCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var command = new Command("show", "Show a database instance.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
            context.ShowInstance(await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken)));
        return command;
    }
}
