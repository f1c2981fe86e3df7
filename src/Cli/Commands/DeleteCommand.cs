using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary><c>dbaas delete &lt;id|name&gt; [--wait]</c>: deletes an instance and its data.</summary>
internal static class DeleteCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the instance is gone, showing each step." };
        var command = new Command("delete", "Delete a database instance and its data.") { instance, wait };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.DeleteInstanceAsync(found.Id, cancellationToken);
            OperationResource? operation = null;
            if (parse.GetValue(wait))
            {
                if (await OperationOfAsync(context.Client, found.Id, cancellationToken) is { } operationId)
                {
                    operation = await context.Waiter.WaitAsync(operationId, cancellationToken);
                }

                await context.Waiter.WaitUntilGoneAsync(found.Id, cancellationToken);
            }

            if (context.Json)
            {
                if (operation is not null)
                {
                    ResourceViews.Json(context.Console, operation, CliJsonContext.Default.OperationResource);
                }
            }
            else
            {
                await context.Console.Out.WriteLineAsync(operation is null && !parse.GetValue(wait)
                    ? $"Deleting instance '{found.Name}' ({found.Id})."
                    : $"Deleted instance '{found.Name}' ({found.Id}).");
            }
        });
        return command;
    }

    // The delete answers 202 without a body; the instance names its operation until it is gone.
    private static async Task<string?> OperationOfAsync(DbaasClient client, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetInstanceAsync(instanceId, cancellationToken)).OperationId;
        }
        catch (DbaasApiException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
