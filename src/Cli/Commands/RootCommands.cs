using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary>
/// The root account of an instance: <c>root-enable</c> (prints the password, the only time anyone sees it),
/// <c>root-show</c>, <c>root-disable</c>.
/// </summary>
internal static class RootCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliSettings settings) =>
        [Enable(globals, settings), Show(globals, settings), Disable(globals, settings)];

    private static Command Enable(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var password = new Option<string?>("--root-password") { Description = "The password to set; a generated one when left out." };
        var command = new Command("root-enable", "Create root (from any host, every privilege) or set its password again, and print the password.") { instance, password };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var root = await context.Client.EnableRootAsync(found.Id, parse.GetValue(password), cancellationToken);
            context.Show(root, CliJsonContext.Default.RootResource, ResourceViews.Root);
        });
        return command;
    }

    private static Command Show(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var command = new Command("root-show", "Show whether root is enabled on an instance.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var status = new RootStatus(await context.Client.IsRootEnabledAsync(found.Id, cancellationToken));
            context.Show(status, CliJsonContext.Default.RootStatus, ResourceViews.RootStatus);
        });
        return command;
    }

    private static Command Disable(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var command = new Command("root-disable", "Delete the root account root-enable created.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.DisableRootAsync(found.Id, cancellationToken);
            await context.SayAsync($"Disabled root on instance '{found.Name}'.");
        });
        return command;
    }
}
