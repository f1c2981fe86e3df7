using System.CommandLine;
using System.Text.Json;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary>
/// Configuration groups: <c>configuration-create</c>, <c>configuration-list</c>, <c>configuration-show</c>,
/// <c>configuration-delete</c> (attach and detach are in <see cref="InstanceChangeCommands"/>).
/// </summary>
internal static class ConfigurationCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliSettings settings) =>
        [Create(globals, settings), List(globals, settings), Show(globals, settings), Delete(globals, settings)];

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
