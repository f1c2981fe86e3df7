using System.CommandLine;
using System.Text.Json;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary>
/// Configuration groups: <c>configuration-create</c>, <c>configuration-list</c>, <c>configuration-show</c>,
/// <c>configuration-update</c>, <c>configuration-delete</c> and the parameter catalog, <c>configuration-parameters</c>
/// (attach and detach are in <see cref="InstanceChangeCommands"/>).
/// </summary>
internal static class ConfigurationCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliSettings settings) =>
        [
            Create(globals, settings), List(globals, settings), Show(globals, settings), Update(globals, settings), Delete(globals, settings),
            Parameters(globals, settings),
        ];

    private static Command Create(GlobalOptions globals, CliSettings settings)
    {
        var name = new Argument<string>("name") { Description = "The group's name." };
        var values = new Argument<string>("values") { Description = "The parameters as a JSON object, e.g. '{\"max_connections\": 300}'." };
        var description = new Option<string?>("--description") { Description = "What the group is for." };
        var datastore = new Option<string?>("--datastore") { Description = "The datastore (mysql); the default one when left out." };
        var version = new Option<string?>("--datastore-version") { Description = "The datastore version, e.g. 10.11; the default one when left out." };
        var command = new Command("configuration-create", "Create a configuration group.") { name, values, description, datastore, version };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var created = await context.Client.CreateConfigurationAsync(
                parse.GetValue(name)!, ParseValues(parse.GetValue(values)!), parse.GetValue(description), parse.GetValue(datastore), parse.GetValue(version), cancellationToken);
            context.Show(created, CliJsonContext.Default.ConfigurationResource, ConfigurationViews.Configuration);
        });
        return command;
    }

    private static Command List(GlobalOptions globals, CliSettings settings)
    {
        var command = new Command("configuration-list", "List the project's configuration groups.");
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
            context.Show(await context.Client.ListConfigurationsAsync(cancellationToken), CliJsonContext.Default.IReadOnlyListConfigurationResource, ConfigurationViews.Configurations));
        return command;
    }

    private static Command Show(GlobalOptions globals, CliSettings settings)
    {
        var group = new Argument<string>("configuration") { Description = "The group's id or name." };
        var command = new Command("configuration-show", "Show a configuration group and its values.") { group };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
            context.Show(await context.Client.FindConfigurationAsync(parse.GetValue(group)!, cancellationToken), CliJsonContext.Default.ConfigurationResource, ConfigurationViews.Configuration));
        return command;
    }

    private static Command Update(GlobalOptions globals, CliSettings settings)
    {
        var group = new Argument<string>("configuration") { Description = "The group's id or name." };
        var values = new Option<string>("--values")
        {
            Description = "The parameters as a JSON object, e.g. '{\"wait_timeout\": 600}'; merged into the group's values.",
            Required = true,
        };
        var replace = new Option<bool>("--replace") { Description = "Replace every value of the group with --values (parameters left out go back to their defaults)." };
        var command = new Command("configuration-update", "Change a configuration group's values; instances using it get them at once (restart-required ones at their next restart).")
        {
            group, values, replace,
        };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var parsed = ParseValues(parse.GetValue(values)!);
            var found = await context.Client.FindConfigurationAsync(parse.GetValue(group)!, cancellationToken);
            await context.Client.UpdateConfigurationAsync(found.Id, parsed, parse.GetValue(replace), cancellationToken);
            context.Show(await context.Client.GetConfigurationAsync(found.Id, cancellationToken), CliJsonContext.Default.ConfigurationResource, ConfigurationViews.Configuration);
        });
        return command;
    }

    private static Command Parameters(GlobalOptions globals, CliSettings settings)
    {
        var name = new Option<string?>("--name") { Description = "Show only this parameter." };
        var datastore = new Option<string?>("--datastore") { Description = "The datastore (mysql); the default one when left out." };
        var version = new Option<string?>("--datastore-version") { Description = "The datastore version, e.g. 10.11; the datastore's default when left out." };
        var command = new Command("configuration-parameters", "List the parameters configuration groups may set: type, range, and whether a restart is needed.")
        {
            name, datastore, version,
        };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var datastoreName = parse.GetValue(datastore) ?? "mysql";
            var versionName = parse.GetValue(version) ?? await DefaultVersionAsync(context, datastoreName, cancellationToken);
            if (parse.GetValue(name) is { } parameter)
            {
                context.Show(
                    await context.Client.GetParameterAsync(datastoreName, versionName, parameter, cancellationToken), CliJsonContext.Default.ParameterResource, ConfigurationViews.Parameter);
            }
            else
            {
                context.Show(
                    await context.Client.ListParametersAsync(datastoreName, versionName, cancellationToken), CliJsonContext.Default.IReadOnlyListParameterResource, ConfigurationViews.Parameters);
            }
        });
        return command;
    }

    private static async Task<string> DefaultVersionAsync(CommandContext context, string datastore, CancellationToken cancellationToken)
    {
        var found = (await context.Client.ListDatastoresAsync(cancellationToken)).FirstOrDefault(d => d.Name == datastore || d.Id == datastore)
            ?? throw new CliUsageException($"No datastore '{datastore}': see `dbaas datastore-list`.");
        return found.DefaultVersion
            ?? throw new CliUsageException($"Datastore '{datastore}' has no default version: name one with --datastore-version.");
    }

    private static Command Delete(GlobalOptions globals, CliSettings settings)
    {
        var group = new Argument<string>("configuration") { Description = "The group's id or name; refused while an instance uses it." };
        var command = new Command("configuration-delete", "Delete a configuration group.") { group };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindConfigurationAsync(parse.GetValue(group)!, cancellationToken);
            await context.Client.DeleteConfigurationAsync(found.Id, cancellationToken);
            await context.SayAsync($"Deleted configuration group '{found.Name}'.");
        });
        return command;
    }

    private static JsonElement ParseValues(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new CliUsageException("The values must be a JSON object, e.g. '{\"max_connections\": 300}'.");
        }
        catch (JsonException)
        {
            throw new CliUsageException("The values are not valid JSON: give an object such as '{\"max_connections\": 300}'.");
        }
    }
}
