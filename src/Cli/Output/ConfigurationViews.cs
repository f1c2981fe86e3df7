using System.Globalization;
using Serverless.Cli.Client;

namespace Serverless.Cli.Output;

/// <summary>Shows configuration groups as tables (<c>--json</c> goes through <see cref="ResourceViews.Json"/>).</summary>
internal static class ConfigurationViews
{
    public static void Configuration(CliConsole console, ConfigurationResource group) =>
        new TableOutput("Field", "Value")
            .Add("id", group.Id)
            .Add("name", group.Name)
            .Add("description", group.Description)
            .Add("datastore", group.DatastoreName)
            .Add("datastore_version", group.DatastoreVersionName)
            .Add("values", group.Values?.GetRawText())
            .Add("instance_count", group.InstanceCount?.ToString(CultureInfo.InvariantCulture))
            .Add("created", group.Created)
            .Write(console);

    public static void Configurations(CliConsole console, IReadOnlyList<ConfigurationResource> groups)
    {
        var table = new TableOutput("ID", "Name", "Description", "Datastore", "Version");
        foreach (var group in groups)
        {
            table.Add(group.Id, group.Name, group.Description, group.DatastoreName, group.DatastoreVersionName);
        }

        table.Write(console);
    }

    public static void Parameter(CliConsole console, ParameterResource parameter) =>
        new TableOutput("Field", "Value")
            .Add("name", parameter.Name)
            .Add("type", parameter.Type)
            .Add("min", Number(parameter.Min))
            .Add("max", Number(parameter.Max))
            .Add("allowed_values", parameter.AllowedValues is null ? null : string.Join(", ", parameter.AllowedValues))
            .Add("restart_required", parameter.RestartRequired ? "true" : "false")
            .Write(console);

    public static void Parameters(CliConsole console, IReadOnlyList<ParameterResource> parameters)
    {
        var table = new TableOutput("Name", "Type", "Min", "Max", "Allowed values", "Restart required");
        foreach (var parameter in parameters)
        {
            table.Add(
                parameter.Name, parameter.Type, Number(parameter.Min), Number(parameter.Max),
                parameter.AllowedValues is null ? null : string.Join(", ", parameter.AllowedValues), parameter.RestartRequired ? "yes" : "no");
        }

        table.Write(console);
    }

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
