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
}
