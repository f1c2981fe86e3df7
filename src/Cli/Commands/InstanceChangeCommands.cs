using System.CommandLine;
using System.Text.Json;
using Serverless.Cli.Client;

namespace Serverless.Cli.Commands;

/// <summary>
/// Commands that change an existing instance: <c>resize</c>, <c>rename</c>, <c>access</c>, <c>force-delete</c>,
/// <c>configuration-attach</c> and <c>configuration-detach</c>. Each sends one request (force-delete two) and shows the
/// instance; with <c>--wait</c> it first follows the operation the change started.
/// </summary>
internal static class InstanceChangeCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliSettings settings) =>
    [
        Resize(globals, settings),
        Rename(globals, settings),
        Access(globals, settings),
        ForceDelete(globals, settings),
        ConfigurationAttach(globals, settings),
        ConfigurationDetach(globals, settings),
    ];

    private static Command Resize(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var flavor = new Option<string?>("--flavor") { Description = "The new flavor, by id or name (see flavor-list)." };
        var size = new Option<int?>("--size") { Description = "The new volume size in GB; volumes only grow." };
        var wait = WaitOption();
        var command = new Command("resize", "Change an instance's flavor (--flavor) or grow its volume (--size).") { instance, flavor, size, wait };
        Set(command, globals, settings, instance, wait, async (parse, client, id, cancellationToken) =>
        {
            if ((parse.GetValue(flavor) is null) == (parse.GetValue(size) is null))
            {
                throw new CliUsageException("Give either --flavor or --size, one at a time.");
            }

            await client.ResizeInstanceAsync(id, parse.GetValue(flavor), parse.GetValue(size), cancellationToken);
        });
        return command;
    }

    private static Command Rename(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var name = new Argument<string>("new-name") { Description = "The new name, unique in the project." };
        var command = new Command("rename", "Rename an instance.") { instance, name };
        Set(command, globals, settings, instance, wait: null, (parse, client, id, cancellationToken) =>
            client.UpdateInstanceAsync(id, json => json.WriteString("name", parse.GetValue(name)), cancellationToken));
        return command;
    }

    private static Command Access(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var isPublic = new Option<bool>("--public") { Description = "Make the instance public." };
        var isPrivate = new Option<bool>("--private") { Description = "Make the instance private." };
        var cidrs = new Option<string[]>("--allowed-cidr") { Description = "An IPv4 network allowed to connect (repeat it); replaces the list. Not enforced on one machine.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("access", "Set who may connect to an instance; fields not given keep their value.") { instance, isPublic, isPrivate, cidrs };
        Set(command, globals, settings, instance, wait: null, (parse, client, id, cancellationToken) =>
        {
            if (parse.GetValue(isPublic) && parse.GetValue(isPrivate))
            {
                throw new CliUsageException("Give --public or --private, not both.");
            }

            var networks = parse.GetValue(cidrs) ?? [];
            if (!parse.GetValue(isPublic) && !parse.GetValue(isPrivate) && networks.Length == 0)
            {
                throw new CliUsageException("Give --public, --private or --allowed-cidr.");
            }

            return client.UpdateInstanceAsync(id, json =>
            {
                json.WriteStartObject("access");
                if (parse.GetValue(isPublic) || parse.GetValue(isPrivate))
                {
                    json.WriteBoolean("is_public", parse.GetValue(isPublic));
                }

                if (networks.Length > 0)
                {
                    json.WriteStartArray("allowed_cidrs");
                    foreach (var network in networks)
                    {
                        json.WriteStringValue(network);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }, cancellationToken);
        });
        return command;
    }

    private static Command ForceDelete(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var wait = new Option<bool>("--wait") { Description = "Wait until the instance is gone." };
        var command = new Command("force-delete", "Delete an instance in any state: reset its status (stopping what runs on it), then delete it.") { instance, wait };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.ResetInstanceStatusAsync(found.Id, cancellationToken);
            await context.Client.DeleteInstanceAsync(found.Id, cancellationToken);
            if (parse.GetValue(wait))
            {
                await context.Waiter.WaitUntilGoneAsync(found.Id, cancellationToken);
            }

            await context.Console.Out.WriteLineAsync(parse.GetValue(wait)
                ? $"Deleted instance '{found.Name}' ({found.Id})."
                : $"Deleting instance '{found.Name}' ({found.Id}).");
        });
        return command;
    }

    private static Command ConfigurationAttach(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var group = new Argument<string>("configuration") { Description = "The configuration group id or name." };
        var wait = WaitOption();
        var command = new Command("configuration-attach", "Attach a configuration group to an instance.") { instance, group, wait };
        Set(command, globals, settings, instance, wait, (parse, client, id, cancellationToken) =>
            client.UpdateInstanceAsync(id, json => json.WriteString("configuration", parse.GetValue(group)), cancellationToken));
        return command;
    }

    private static Command ConfigurationDetach(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var wait = WaitOption();
        var command = new Command("configuration-detach", "Detach the configuration group of an instance; its values go back to the defaults.") { instance, wait };
        Set(command, globals, settings, instance, wait, (parse, client, id, cancellationToken) =>
            client.UpdateInstanceAsync(id, json => json.WriteNull("configuration"), cancellationToken));
        return command;
    }

    private static Argument<string> InstanceArgument() => new("instance") { Description = "The instance id or name." };

    private static Option<bool> WaitOption() => new("--wait") { Description = "Wait until the change is done, showing each step." };

    /// <summary>Finds the instance, runs the change, follows its operation when asked, and shows the instance.</summary>
    private static void Set(
        Command command, GlobalOptions globals, CliSettings settings, Argument<string> instance, Option<bool>? wait,
        Func<ParseResult, DbaasClient, string, CancellationToken, Task> change) =>
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var before = found.OperationId;
            await change(parse, context.Client, found.Id, cancellationToken);
            var changed = await context.Client.GetInstanceAsync(found.Id, cancellationToken);
            if (wait is not null && parse.GetValue(wait) && changed.OperationId is { } operationId && operationId != before)
            {
                await context.Waiter.WaitAsync(operationId, cancellationToken);
                changed = await context.Client.GetInstanceAsync(found.Id, cancellationToken);
            }

            context.ShowInstance(changed);
        });
}
