using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas restart &lt;id|name&gt; [--wait]</c>: restarts the database server of an instance.</summary>
internal static class RestartCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the instance is ACTIVE again, showing each step." };
        var command = new Command("restart", "Restart a database instance.") { instance, wait };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.RestartInstanceAsync(found.Id, cancellationToken);

            // The action answers 202 without a body; the instance names the operation it started.
            var restarting = await context.Client.GetInstanceAsync(found.Id, cancellationToken);
            if (parse.GetValue(wait) && restarting.OperationId is { } operationId)
            {
                await context.Waiter.WaitAsync(operationId, cancellationToken);
                restarting = await context.Client.GetInstanceAsync(found.Id, cancellationToken);
            }

            context.ShowInstance(restarting);
        });
        return command;
    }
}
